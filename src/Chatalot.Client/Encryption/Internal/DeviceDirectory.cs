using Chatalot.Client.Rest;
using Chatalot.Protocol.Channels;
using Microsoft.Extensions.Caching.Memory;

namespace Chatalot.Client.Encryption.Internal;

/// <summary>
/// What the client knows of channels, group members and users' devices, read over REST and kept briefly in a bounded
/// cache, so a send does not cost one request per member. Membership events and messages from unknown devices
/// invalidate entries; otherwise a new device or member is picked up within the entry's lifetime.
/// </summary>
internal sealed class DeviceDirectory(ChatalotRestClient rest, UserId self, DeviceId selfDevice, Devices.Internal.DeviceListBook lists, TimeProvider time) : IDisposable
{
    private static readonly TimeSpan DeviceLifetime = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan MemberLifetime = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ChannelLifetime = TimeSpan.FromMinutes(10);
    private int _channelMembersEpoch;
    private int _channelsEpoch;
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 20_000, Clock = new TimeProviderClock(time) });

    public async Task<Channel> GetChannelAsync(ChannelId id, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(("channel", id.Value), out Channel? cached) && cached is not null)
        {
            return cached;
        }

        var epoch = Volatile.Read(ref _channelsEpoch);
        return KeepIfCurrent(await rest.GetChannelAsync(id, cancellationToken).ConfigureAwait(false), epoch);
    }

    public async Task<IReadOnlyList<Channel>> RefreshChannelsAsync(CancellationToken cancellationToken)
    {
        var epoch = Volatile.Read(ref _channelsEpoch);
        var channels = await rest.GetChannelsAsync(cancellationToken).ConfigureAwait(false);
        foreach (var channel in channels)
        {
            KeepIfCurrent(channel, epoch);
        }

        return channels;
    }

    public async Task<Channel> OpenDirectChannelAsync(UserId user, CancellationToken cancellationToken) =>
        Remember(await rest.OpenDirectChannelAsync(user, cancellationToken).ConfigureAwait(false));

    /// <summary>Caches a channel as it is now (our own update's answer, a <c>channel_created</c> event).</summary>
    public Channel Remember(Channel channel)
    {
        Interlocked.Increment(ref _channelsEpoch);
        return Set(channel);
    }

    public void ForgetChannel(Guid channel)
    {
        Interlocked.Increment(ref _channelsEpoch);
        _cache.Remove(("channel", channel));
    }

    /// <summary>
    /// Caches a channel read over REST unless a newer view arrived (or one was dropped) while the read was in flight: the
    /// read may predate it, and a stale <c>history_days</c> of 0 would mark the next distribution point unshareable
    /// (content.md §6.2), so a member who joins later could not read what was sent before.
    /// </summary>
    private Channel KeepIfCurrent(Channel channel, int epoch) =>
        Volatile.Read(ref _channelsEpoch) == epoch ? Set(channel) : channel;

    private Channel Set(Channel channel) =>
        _cache.Set(("channel", channel.Id), channel, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = ChannelLifetime });

    /// <summary>The channels of a group or community this client has seen, for rotation after a departure.</summary>
    public IEnumerable<Channel> KnownChannels(Guid community, Guid? group) =>
        _cache.Keys.OfType<(string Kind, Guid Id)>().Where(k => k.Kind == "channel")
            .Select(k => _cache.Get<Channel>(k)).OfType<Channel>()
            .Where(c => c.CommunityId == community && (group is null || c.GroupId == group));

    public async Task<IReadOnlyList<UserId>> GroupMembersAsync(Guid group, CancellationToken cancellationToken) =>
        [.. (await MembersAsync(group, cancellationToken).ConfigureAwait(false)).Keys];

    /// <summary>
    /// The group members who can view a group channel: its keys go to them only, so a member an override hides the
    /// channel from never holds them. Forgotten on membership, role and override changes.
    /// </summary>
    public async Task<IReadOnlyList<UserId>> ChannelMembersAsync(ChannelId channel, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(("channel-members", channel.Value), out IReadOnlyList<UserId>? cached) && cached is not null)
        {
            return cached;
        }

        var epoch = Volatile.Read(ref _channelMembersEpoch);
        var members = new List<UserId>();
        await foreach (var member in rest.GetAllChannelMembersAsync(channel, cancellationToken).ConfigureAwait(false))
        {
            members.Add(new UserId(member.UserId));
        }

        // A change seen while the list was read may already be outdating it: use it once, keep it only if none was.
        if (Volatile.Read(ref _channelMembersEpoch) != epoch)
        {
            return members;
        }

        return _cache.Set(("channel-members", channel.Value), (IReadOnlyList<UserId>)members, new MemoryCacheEntryOptions
        {
            Size = Math.Max(1, members.Count / 100),
            AbsoluteExpirationRelativeToNow = MemberLifetime,
        });
    }

    /// <summary>Forgets every channel's viewer list (roles or overrides changed: anyone's view may have).</summary>
    public void ForgetChannelMembers()
    {
        Interlocked.Increment(ref _channelMembersEpoch);
        foreach (var key in _cache.Keys.OfType<(string Kind, Guid Id)>().Where(k => k.Kind == "channel-members").ToList())
        {
            _cache.Remove(key);
        }
    }

    /// <summary>When <paramref name="user"/> joined the group, if it is a member (the server's clock).</summary>
    public async Task<DateTimeOffset?> JoinedAtAsync(Guid group, UserId user, CancellationToken cancellationToken) =>
        (await MembersAsync(group, cancellationToken).ConfigureAwait(false)).TryGetValue(user, out var joined) ? joined : null;

    private async Task<IReadOnlyDictionary<UserId, DateTimeOffset>> MembersAsync(Guid group, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(("members", group), out IReadOnlyDictionary<UserId, DateTimeOffset>? cached) && cached is not null)
        {
            return cached;
        }

        var members = new Dictionary<UserId, DateTimeOffset>();
        await foreach (var member in rest.GetAllGroupMembersAsync(new GroupId(group), cancellationToken).ConfigureAwait(false))
        {
            members[new UserId(member.UserId)] = member.JoinedAt;
        }

        return _cache.Set(("members", group), (IReadOnlyDictionary<UserId, DateTimeOffset>)members, new MemoryCacheEntryOptions
        {
            Size = Math.Max(1, members.Count / 100),
            AbsoluteExpirationRelativeToNow = MemberLifetime,
        });
    }

    /// <summary>Forgets member lists after a membership change (of one group, or of every group of a community).</summary>
    public void ForgetMembers(Guid? group)
    {
        ForgetChannelMembers();
        foreach (var key in _cache.Keys.OfType<(string Kind, Guid Id)>().Where(k => k.Kind == "members" && (group is null || k.Id == group)).ToList())
        {
            _cache.Remove(key);
        }
    }

    /// <summary>
    /// The devices of <paramref name="users"/> that may receive keys, except this one: those in the user's verified signed
    /// device list (crypto.md §15.2) that published keys under the listed identity key. A device the server adds is never
    /// among them. Users without a list have none.
    /// </summary>
    /// <exception cref="ChatalotClientException"><c>identity_not_accepted</c>: a user's account key changed and waits for acceptance.</exception>
    public async Task<IReadOnlyList<(UserId User, DeviceId Device)>> DevicesOfAsync(IEnumerable<UserId> users, CancellationToken cancellationToken)
    {
        var result = new List<(UserId, DeviceId)>();
        foreach (var user in users.Distinct())
        {
            if (lists.IsPending(user))
            {
                throw new ChatalotClientException(ClientErrorCodes.IdentityNotAccepted, $"The account key of {user} changed; accept it with AcceptIdentityAsync after comparing safety numbers.");
            }

            if (await lists.GetAsync(user, cancellationToken).ConfigureAwait(false) is not { } list)
            {
                continue;
            }

            if (!_cache.TryGetValue(("devices", user.Value), out IReadOnlyList<Protocol.Keys.DeviceInfo>? devices) || devices is null)
            {
                devices = await rest.GetDevicesAsync(user, cancellationToken).ConfigureAwait(false);
                _cache.Set(("devices", user.Value), devices, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = DeviceLifetime });
            }

            result.AddRange(devices
                .Where(d => (user != self || d.DeviceId != selfDevice.Value) && list.Find(d.DeviceId)?.IdentityKey is { } listed && listed.AsSpan().SequenceEqual(d.IdentityKey))
                .Select(d => (user, new DeviceId(d.DeviceId))));
        }

        return result;
    }

    /// <summary>Forgets a user's device list when one of their devices we did not know writes to us.</summary>
    public void NoteSenderDevice(UserId user, DeviceId device)
    {
        if (_cache.TryGetValue(("devices", user.Value), out IReadOnlyList<Protocol.Keys.DeviceInfo>? devices) && devices is not null && !devices.Any(d => d.DeviceId == device.Value))
        {
            _cache.Remove(("devices", user.Value));
        }
    }

    /// <summary>Drops a user's cached device list, so the next send reads it again.</summary>
    public void ForgetDevices(UserId user)
    {
        _cache.Remove(("devices", user.Value));
        lists.Forget(user);
    }

    public void Dispose() => _cache.Dispose();

    /// <summary>Lets the cache expire entries on the client's clock (tests use a fake one).</summary>
    private sealed class TimeProviderClock(TimeProvider time) : Microsoft.Extensions.Internal.ISystemClock
    {
        public DateTimeOffset UtcNow => time.GetUtcNow();
    }
}
