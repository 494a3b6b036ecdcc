using Microsoft.Extensions.Logging;

namespace Chatalot.Client;

public sealed partial class EntityDirectory
{
    /// <summary>
    /// Applies what a directory event says, on the publishing queue (before any later event is enriched), and names a
    /// deleted entity from the cache while it still holds it.
    /// </summary>
    internal ChatalotEvent Prepare(ChatalotEvent chatalotEvent)
    {
        switch (chatalotEvent)
        {
            case ProfileUpdated profile:
                _users.Set(profile.Profile.Id, new DirectoryUser(profile.UserId, profile.Profile.Username, profile.Profile.DisplayName, profile.Profile.AvatarId) { IsBot = profile.Profile.IsBot });
                break;
            case MemberUpdated member:
                _users.Set(member.UserId.Value, new DirectoryUser(member.UserId, member.Member.Username, member.Member.DisplayName, member.Member.AvatarId) { IsBot = member.Member.IsBot });
                break;
            case ChannelCreated created:
                Remember(created.Channel);
                break;
            case ChannelUpdated updated:
                Remember(updated.Channel);
                break;
            case ChannelDeleted deleted:
                var channel = _channels.Get(deleted.ChannelId.Value);
                _channels.Remove(deleted.ChannelId.Value);
                return deleted with
                {
                    ChannelName = channel?.Name,
                    CommunityId = channel?.CommunityId,
                    CommunityName = channel?.CommunityId is { } c ? _communities.Get(c.Value)?.Name : null,
                };
            case GroupUpdated group:
                _groups.Set(group.Group.Id, Entities.Internal.RestDirectorySource.ToEntry(group.Group));
                break;
            case GroupDeleted group:
                var groupName = _groups.Get(group.GroupId.Value)?.Name;
                _groups.Remove(group.GroupId.Value);
                _channels.RemoveWhere(x => x.GroupId == group.GroupId);
                return group with { GroupName = groupName, CommunityName = _communities.Get(group.CommunityId.Value)?.Name };
            case CommunityUpdated community:
                _communities.Set(community.Community.Id, Entities.Internal.RestDirectorySource.ToEntry(community.Community));
                break;
            case CommunityDeleted community:
                var communityName = _communities.Get(community.CommunityId.Value)?.Name;
                _communities.Remove(community.CommunityId.Value);
                _groups.RemoveWhere(x => x.CommunityId == community.CommunityId);
                _channels.RemoveWhere(x => x.CommunityId == community.CommunityId);
                return community with { CommunityName = communityName };
        }

        return chatalotEvent;
    }

    /// <summary>
    /// Adds names to an event before its handlers see it, on its own ordering key. A failed read is logged and the event
    /// goes out with the names it could get; an event is never held back or lost for a name.
    /// </summary>
    internal async ValueTask<ChatalotEvent> EnrichAsync(ChatalotEvent chatalotEvent, CancellationToken cancellationToken)
    {
        // A name is a nicety: an event never waits long for one. A read that does not answer in time (a slow server, or
        // a read queued behind the very delivery it serves) gives way and the event goes out with the names it has.
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(EnrichTimeout);
        try
        {
            return await EnrichCoreAsync(chatalotEvent, bounded.Token).AsTask().WaitAsync(bounded.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogEnrichTimedOut(_logger, chatalotEvent.GetType().Name, EnrichTimeout);
            return chatalotEvent;
        }
    }

    /// <summary>How long an event waits for its names at most.</summary>
    internal static readonly TimeSpan EnrichTimeout = TimeSpan.FromSeconds(5);

    private async ValueTask<ChatalotEvent> EnrichCoreAsync(ChatalotEvent chatalotEvent, CancellationToken cancellationToken)
    {
        try
        {
            return chatalotEvent switch
            {
                MessageReceived message => await EnrichAsync(message, cancellationToken).ConfigureAwait(false),
                MessageEdited edited => await EnrichAsync(edited, cancellationToken).ConfigureAwait(false),
                MessageUndecryptable undecryptable => await EnrichAsync(undecryptable, cancellationToken).ConfigureAwait(false),
                TypingStarted typing => await EnrichAsync(typing, cancellationToken).ConfigureAwait(false),
                MemberJoined joined => await EnrichAsync(joined, cancellationToken).ConfigureAwait(false),
                MemberRemoved removed => await EnrichAsync(removed, cancellationToken).ConfigureAwait(false),
                MemberUpdated member => member with
                {
                    Username = member.Member.Username,
                    DisplayName = member.Member.DisplayName,
                    CommunityName = (await GetCommunityAsync(member.CommunityId, cancellationToken).ConfigureAwait(false))?.Name,
                },
                ChannelCreated created => created with
                {
                    CommunityName = await CommunityNameAsync(created.Channel.CommunityId, cancellationToken).ConfigureAwait(false),
                    GroupName = await GroupNameAsync(created.Channel.GroupId, cancellationToken).ConfigureAwait(false),
                },
                ChannelUpdated updated => updated with
                {
                    CommunityName = await CommunityNameAsync(updated.Channel.CommunityId, cancellationToken).ConfigureAwait(false),
                    GroupName = await GroupNameAsync(updated.Channel.GroupId, cancellationToken).ConfigureAwait(false),
                },
                GroupUpdated group => group with { CommunityName = await CommunityNameAsync(group.Group.CommunityId, cancellationToken).ConfigureAwait(false) },
                _ => chatalotEvent,
            };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A name is a nicety: the event must reach its handlers whatever the directory read did.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogEnrichFailed(_logger, chatalotEvent.GetType().Name, ex);
            return chatalotEvent;
        }
    }

    private async Task<MessageReceived> EnrichAsync(MessageReceived message, CancellationToken cancellationToken)
    {
        var (channel, community) = await ChannelContextAsync(message.ChannelId, cancellationToken).ConfigureAwait(false);
        var user = await SenderAsync(message.Sender.UserId, channel, cancellationToken).ConfigureAwait(false);
        return message with
        {
            Sender = message.Sender with { Username = user?.Username ?? message.Sender.Username, DisplayName = user?.DisplayName, IsBot = user?.IsBot ?? false },
            ChannelName = channel?.Name,
            CommunityId = channel?.CommunityId,
            CommunityName = community?.Name,
        };
    }

    private async Task<MessageEdited> EnrichAsync(MessageEdited message, CancellationToken cancellationToken)
    {
        var (channel, community) = await ChannelContextAsync(message.ChannelId, cancellationToken).ConfigureAwait(false);
        var user = await SenderAsync(message.Sender.UserId, channel, cancellationToken).ConfigureAwait(false);
        return message with
        {
            Sender = message.Sender with { Username = user?.Username ?? message.Sender.Username, DisplayName = user?.DisplayName, IsBot = user?.IsBot ?? false },
            ChannelName = channel?.Name,
            CommunityId = channel?.CommunityId,
            CommunityName = community?.Name,
        };
    }

    private async Task<MessageUndecryptable> EnrichAsync(MessageUndecryptable message, CancellationToken cancellationToken)
    {
        var (channel, community) = await ChannelContextAsync(message.ChannelId, cancellationToken).ConfigureAwait(false);
        return message with { ChannelName = channel?.Name, CommunityId = channel?.CommunityId, CommunityName = community?.Name };
    }

    private async Task<TypingStarted> EnrichAsync(TypingStarted typing, CancellationToken cancellationToken)
    {
        var channel = await GetChannelAsync(typing.ChannelId, cancellationToken).ConfigureAwait(false);
        var user = await SenderAsync(typing.UserId, channel, cancellationToken).ConfigureAwait(false);
        return typing with { Username = user?.Username, DisplayName = user?.DisplayName };
    }

    private async Task<MemberJoined> EnrichAsync(MemberJoined joined, CancellationToken cancellationToken)
    {
        var user = await ReadUserAsync(joined.UserId, joined.CommunityId, cancellationToken).ConfigureAwait(false);
        return joined with
        {
            Username = user?.Username,
            DisplayName = user?.DisplayName,
            CommunityName = (await GetCommunityAsync(joined.CommunityId, cancellationToken).ConfigureAwait(false))?.Name,
            GroupName = await GroupNameAsync(joined.GroupId?.Value, cancellationToken).ConfigureAwait(false),
        };
    }

    private async Task<MemberRemoved> EnrichAsync(MemberRemoved removed, CancellationToken cancellationToken)
    {
        var user = await GetUserAsync(removed.UserId, cancellationToken).ConfigureAwait(false);
        return removed with
        {
            Username = user?.Username,
            DisplayName = user?.DisplayName,
            CommunityName = (await GetCommunityAsync(removed.CommunityId, cancellationToken).ConfigureAwait(false))?.Name,
            GroupName = await GroupNameAsync(removed.GroupId?.Value, cancellationToken).ConfigureAwait(false),
        };
    }

    private async Task<(DirectoryChannel? Channel, DirectoryCommunity? Community)> ChannelContextAsync(ChannelId id, CancellationToken cancellationToken)
    {
        var channel = await GetChannelAsync(id, cancellationToken).ConfigureAwait(false);
        var community = channel?.CommunityId is { } c ? await GetCommunityAsync(c, cancellationToken).ConfigureAwait(false) : null;
        return (channel, community);
    }

    private async ValueTask<DirectoryUser?> SenderAsync(UserId user, DirectoryChannel? channel, CancellationToken cancellationToken) =>
        _users.Get(user.Value) ?? await ReadUserAsync(user, channel?.CommunityId, cancellationToken).ConfigureAwait(false);

    private async ValueTask<string?> CommunityNameAsync(Guid? community, CancellationToken cancellationToken) =>
        community is { } c ? (await GetCommunityAsync(new CommunityId(c), cancellationToken).ConfigureAwait(false))?.Name : null;

    private async ValueTask<string?> GroupNameAsync(Guid? group, CancellationToken cancellationToken) =>
        group is { } g ? (await GetGroupAsync(new GroupId(g), cancellationToken).ConfigureAwait(false))?.Name : null;

    private void Remember(Protocol.Channels.Channel channel) =>
        _channels.Set(channel.Id, Entities.Internal.RestDirectorySource.ToEntry(channel));

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Names for a {EventType} event could not be read; it is delivered without them")]
    private static partial void LogEnrichFailed(ILogger logger, string eventType, Exception exception);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Names for a {EventType} event took longer than {Timeout}; it is delivered without them")]
    private static partial void LogEnrichTimedOut(ILogger logger, string eventType, TimeSpan timeout);
}
