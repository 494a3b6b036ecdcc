using Chatalot.Client;
using Chatalot.Protocol.Bots;

namespace Chatalot.Samples.Web.Chat;

/// <summary>
/// The command lists the bots of a community published (<c>GET /communities/{id}/commands</c>, bots.md "Command list
/// and autocomplete"), for the composer's suggestions. Kept per community and read again when the community is opened,
/// when someone joins or leaves it, after a reconnect, and when a message starts with a symbol (a bot that restarted
/// publishes again, and nothing tells the members): the last list read is offered meanwhile.
/// </summary>
public sealed partial class ChatSession
{
    private readonly Dictionary<Guid, IReadOnlyList<MemberCommandList>> _commandLists = [];

    // Communities whose lists are being read: one request at a time each; a reload asked for meanwhile runs after it.
    private readonly Dictionary<Guid, bool> _commandLoads = [];

    /// <summary>Goes up whenever a community's command lists change, so an open composer suggests again.</summary>
    public int CommandsVersion { get; private set; }

    /// <summary>The command lists published in the community of a channel (none for DMs, or before the first read, which this starts).</summary>
    public IReadOnlyList<MemberCommandList> CommandsFor(Guid channelId)
    {
        if (CommunityOf(channelId) is not { } tree)
        {
            return [];
        }

        if (_commandLists.TryGetValue(tree.Community.Id, out var lists))
        {
            return lists;
        }

        ReloadCommands(tree.Community.Id);
        return [];
    }

    /// <summary>Reads the command lists of a channel's community again (in the background); nothing for a DM.</summary>
    public void ReloadCommandsFor(Guid channelId)
    {
        if (CommunityOf(channelId) is { } tree)
        {
            ReloadCommands(tree.Community.Id);
        }
    }

    private void SubscribeCommandEvents(ChatalotClient client)
    {
        _commandLists.Clear();
        _commandLoads.Clear();
        _subscriptions.Add(client.Events.On<MemberJoined>((e, _) => Apply(() => RefreshIfUsed(e.CommunityId.Value))));
        _subscriptions.Add(client.Events.On<MemberRemoved>((e, _) => Apply(() => RefreshIfUsed(e.CommunityId.Value))));
        _subscriptions.Add(client.Events.On<ConnectionStateChanged>((e, _) => Apply(() =>
        {
            if (e.Current == ConnectionState.Connected)
            {
                // Bots may have (re)published while this device was away: every list read before is read again.
                foreach (var community in _commandLists.Keys.ToList())
                {
                    RefreshIfUsed(community);
                }
            }
        })));
    }

    /// <summary>Reads a community's lists again if they were read before (the composer keeps offering the old ones meanwhile).</summary>
    private void RefreshIfUsed(Guid communityId)
    {
        if (_commandLists.ContainsKey(communityId))
        {
            ReloadCommands(communityId);
        }
    }

    private void ReloadCommands(Guid communityId)
    {
        if (Client is null)
        {
            return;
        }

        if (_commandLoads.ContainsKey(communityId))
        {
            _commandLoads[communityId] = true;
            return;
        }

        _commandLoads[communityId] = false;
        _ = LoadCommandsAsync(communityId);
    }

    private async Task LoadCommandsAsync(Guid communityId)
    {
        var client = RequireClient();
        while (true)
        {
            try
            {
                var lists = await client.Rest.GetCommunityCommandsAsync(new CommunityId(communityId));
                if (Client != client)
                {
                    return;
                }

                _commandLists[communityId] = lists;
                CommandsVersion++;
                Notify();
            }
            catch (Exception ex) when (ex is ChatalotClientException or HttpRequestException or InvalidOperationException)
            {
                if (Client != client)
                {
                    return;
                }

                // Not readable (not a member any more, or offline): no suggestions; asked again at the next reload.
                _commandLists.TryAdd(communityId, []);
            }

            if (!_commandLoads.TryGetValue(communityId, out var again) || !again)
            {
                _commandLoads.Remove(communityId);
                return;
            }

            _commandLoads[communityId] = false;
        }
    }
}
