using Chatalot.Protocol.Voice;

namespace Chatalot.Client.Voice.Internal;

/// <summary>
/// Who is in which voice channel, as far as this client knows: filled by reads and joins, kept current by the
/// gateway's voice events. Thread-safe; each change reports what it changed, so callers publish exactly that.
/// </summary>
internal sealed class VoiceRoster
{
    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, List<VoiceParticipant>> _channels = [];

    /// <summary>The channels whose state was read or joined (a fresh session reads them again).</summary>
    public IReadOnlyList<Guid> KnownChannels
    {
        get
        {
            lock (_lock)
            {
                return [.. _channels.Keys];
            }
        }
    }

    public IReadOnlyList<VoiceParticipant> Of(Guid channel)
    {
        lock (_lock)
        {
            return _channels.TryGetValue(channel, out var list) ? [.. list] : [];
        }
    }

    public VoiceParticipant? Find(Guid channel, Guid joinId)
    {
        lock (_lock)
        {
            return _channels.TryGetValue(channel, out var list) ? list.Find(p => p.JoinId == joinId) : null;
        }
    }

    /// <summary>A participant joined or changed; replaces the user's earlier entry (a user is in one call, from one device).</summary>
    /// <returns>The entry it replaced under another join id (that join ended), if any.</returns>
    public VoiceParticipant? Upsert(Guid channel, VoiceParticipant participant)
    {
        lock (_lock)
        {
            var list = ListOf(channel);
            var index = list.FindIndex(p => p.UserId == participant.UserId);
            if (index < 0)
            {
                list.Add(participant);
                return null;
            }

            var replaced = list[index];
            list[index] = participant;
            return replaced.JoinId == participant.JoinId ? null : replaced;
        }
    }

    /// <summary>A join ended.</summary>
    public bool Remove(Guid channel, Guid joinId)
    {
        lock (_lock)
        {
            return _channels.TryGetValue(channel, out var list) && list.RemoveAll(p => p.JoinId == joinId) > 0;
        }
    }

    /// <summary>Replaces a channel's participants with a fresh read.</summary>
    /// <returns>Who is new or changed, and who is gone.</returns>
    public (IReadOnlyList<VoiceParticipant> Changed, IReadOnlyList<VoiceParticipant> Gone) Replace(VoiceChannelState state)
    {
        lock (_lock)
        {
            var list = ListOf(state.ChannelId);
            var before = list.ToDictionary(p => p.JoinId);
            var changed = state.Participants.Where(p => !before.TryGetValue(p.JoinId, out var old) || old != p).ToArray();
            var now = state.Participants.Select(p => p.JoinId).ToHashSet();
            var gone = list.Where(p => !now.Contains(p.JoinId)).ToArray();
            list.Clear();
            list.AddRange(state.Participants);
            return (changed, gone);
        }
    }

    private List<VoiceParticipant> ListOf(Guid channel)
    {
        if (!_channels.TryGetValue(channel, out var list))
        {
            list = [];
            _channels[channel] = list;
        }

        return list;
    }
}
