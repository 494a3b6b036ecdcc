using System.Collections.Concurrent;
using Chatalot.Client.Entities.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chatalot.Client;

/// <summary>
/// The names behind the ids: users, channels, groups and communities this user can see, by id and by name. It is what
/// puts <see cref="MessageSender.Username"/>, <see cref="MessageReceived.ChannelName"/>,
/// <see cref="MessageReceived.CommunityName"/> and the other names on events, so a handler needs no call of its own.
/// </summary>
/// <remarks>
/// A bounded least-recently-used cache (<see cref="EntityDirectoryOptions"/>), filled over REST on a miss and kept
/// current by gateway events (profile, member, channel, group and community updates and deletions), so a rename shows in
/// the next event. Concurrent misses for one entity share one request, and a miss for a message's sender in a community
/// reads that community's member list once rather than one user at a time. A REST answer that an event overtook is not
/// cached. Names are display data: they are not authenticated end to end (<see cref="MessageSender.UserId"/> is).
/// </remarks>
public sealed partial class EntityDirectory
{
    private static readonly TimeSpan ListInterval = TimeSpan.FromSeconds(30);
    private readonly IDirectorySource _source;
    private readonly EntityDirectoryOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly DirectoryLru<Guid, DirectoryUser> _users;
    private readonly DirectoryLru<Guid, DirectoryChannel> _channels;
    private readonly DirectoryLru<Guid, DirectoryCommunity> _communities;
    private readonly DirectoryLru<Guid, DirectoryGroup> _groups;
    private readonly ConcurrentDictionary<object, Lazy<Task>> _inflight = new();
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _prefetched = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _listed = new(StringComparer.Ordinal);
    private long _stamp;

    internal EntityDirectory(IDirectorySource source, EntityDirectoryOptions? options, TimeProvider? time, ILogger? logger = null)
    {
        _source = source;
        _options = options ?? EntityDirectoryOptions.Default;
        _options.Validate();
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _users = new(_options.MaxUsers, _options.EntryLifetime, _time, NextStamp);
        _channels = new(_options.MaxChannels, _options.EntryLifetime, _time, NextStamp);
        _communities = new(_options.MaxChannels, _options.EntryLifetime, _time, NextStamp);
        _groups = new(_options.MaxChannels, _options.EntryLifetime, _time, NextStamp);
    }

    /// <summary>How many users the cache holds now (at most <see cref="EntityDirectoryOptions.MaxUsers"/>).</summary>
    public int CachedUserCount => _users.Count;

    /// <summary>A user by id: from the cache, or read over REST (<c>GET /users/{id}</c>) on a miss.</summary>
    /// <param name="user">The user.</param>
    /// <param name="cancellationToken">Stops waiting (a read shared with other callers goes on).</param>
    /// <returns>The user, or null when the server knows no such user.</returns>
    /// <exception cref="ChatalotClientException">The server could not be reached or refused the call for another reason.</exception>
    public ValueTask<DirectoryUser?> GetUserAsync(UserId user, CancellationToken cancellationToken = default) =>
        _users.Get(user.Value) is { } hit ? ValueTask.FromResult<DirectoryUser?>(hit) : new(ReadUserAsync(user, community: null, cancellationToken));

    /// <summary>A user cached now, without a request.</summary>
    /// <param name="user">The user.</param>
    /// <returns>The user, or null when not cached.</returns>
    public DirectoryUser? PeekUser(UserId user) => _users.Get(user.Value);

    /// <summary>
    /// A user by user name, ignoring case: from the cache, or read over REST (<c>GET /users/search</c>, among the users
    /// this user may see) on a miss.
    /// </summary>
    /// <param name="username">The user name, without <c>@</c>.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The user, or null when no visible user has exactly that name.</returns>
    /// <exception cref="ArgumentException"><paramref name="username"/> is null or empty.</exception>
    /// <exception cref="ChatalotClientException">The server could not be reached or refused the call.</exception>
    public async ValueTask<DirectoryUser?> FindUserAsync(string username, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(username);
        username = username.TrimStart('@');
        if (_users.Find(u => Same(u.Username, username)) is { } hit)
        {
            return hit;
        }

        if (username.Length == 0 || username.Length > Protocol.ChatalotLimits.UsernameMaxLength)
        {
            return null;
        }

        return await CoalesceAsync(("find-user", username.ToUpperInvariant()), async () =>
        {
            var start = Volatile.Read(ref _stamp);
            DirectoryUser? match = null;
            foreach (var user in await _source.SearchUsersAsync(username, CancellationToken.None).ConfigureAwait(false))
            {
                var kept = _users.Offer(user.Id.Value, user, start);
                match ??= Same(kept.Username, username) ? kept : null;
            }

            return match;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A channel by id: from the cache, or read over REST (<c>GET /channels/{id}</c>) on a miss.</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The channel, or null when it does not exist or this user cannot read it.</returns>
    /// <exception cref="ChatalotClientException">The server could not be reached or refused the call for another reason.</exception>
    public ValueTask<DirectoryChannel?> GetChannelAsync(ChannelId channel, CancellationToken cancellationToken = default) =>
        _channels.Get(channel.Value) is { } hit
            ? ValueTask.FromResult<DirectoryChannel?>(hit)
            : new(CoalesceAsync(("channel", channel.Value), async () =>
            {
                var start = Volatile.Read(ref _stamp);
                return await _source.GetChannelAsync(channel, CancellationToken.None).ConfigureAwait(false) is { } read
                    ? _channels.Offer(read.Id.Value, read, start)
                    : null;
            }, cancellationToken));

    /// <summary>
    /// A channel of a community by name, ignoring case: from the cache, or from this user's channel list (<c>GET /channels</c>)
    /// on a miss. Every group has its own channels, so when several groups have a channel of that name this returns one of
    /// them; <see cref="FindChannelAsync(GroupId, string, CancellationToken)"/> picks the group.
    /// </summary>
    /// <param name="community">The community.</param>
    /// <param name="name">The channel name, with or without <c>#</c>.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The channel, or null when this user can read no channel of that name there.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    /// <exception cref="ChatalotClientException">The server could not be reached or refused the call.</exception>
    public ValueTask<DirectoryChannel?> FindChannelAsync(CommunityId community, string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        name = name.TrimStart('#');
        return FindChannelAsync(c => c.CommunityId == community && Same(c.Name, name), cancellationToken);
    }

    /// <summary>A channel of a group by name, ignoring case (see <see cref="FindChannelAsync(CommunityId, string, CancellationToken)"/>).</summary>
    /// <param name="group">The group.</param>
    /// <param name="name">The channel name, with or without <c>#</c>.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The channel, or null when this user can read no channel of that name there.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    /// <exception cref="ChatalotClientException">The server could not be reached or refused the call.</exception>
    public ValueTask<DirectoryChannel?> FindChannelAsync(GroupId group, string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        name = name.TrimStart('#');
        return FindChannelAsync(c => c.GroupId == group && Same(c.Name, name), cancellationToken);
    }

    /// <summary>A community by id: from the cache, or read over REST (<c>GET /communities/{id}</c>) on a miss.</summary>
    /// <param name="community">The community.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The community, or null when it does not exist or is not visible to this user.</returns>
    /// <exception cref="ChatalotClientException">The server could not be reached or refused the call for another reason.</exception>
    public ValueTask<DirectoryCommunity?> GetCommunityAsync(CommunityId community, CancellationToken cancellationToken = default) =>
        _communities.Get(community.Value) is { } hit
            ? ValueTask.FromResult<DirectoryCommunity?>(hit)
            : new(CoalesceAsync(("community", community.Value), async () =>
            {
                var start = Volatile.Read(ref _stamp);
                return await _source.GetCommunityAsync(community, CancellationToken.None).ConfigureAwait(false) is { } read
                    ? _communities.Offer(read.Id.Value, read, start)
                    : null;
            }, cancellationToken));

    /// <summary>One of this user's communities by name, ignoring case: from the cache, or from <c>GET /communities</c> on a miss.</summary>
    /// <param name="name">The community name.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The community, or null when this user is in no community of that name.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    /// <exception cref="ChatalotClientException">The server could not be reached or refused the call.</exception>
    public async ValueTask<DirectoryCommunity?> FindCommunityAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (_communities.Find(c => Same(c.Name, name)) is { } hit)
        {
            return hit;
        }

        await ListAsync("communities", async start =>
        {
            foreach (var community in await _source.GetCommunitiesAsync(CancellationToken.None).ConfigureAwait(false))
            {
                _communities.Offer(community.Id.Value, community, start);
            }
        }, cancellationToken).ConfigureAwait(false);
        return _communities.Find(c => Same(c.Name, name));
    }

    /// <summary>A group by id: from the cache, or read over REST (<c>GET /groups/{id}</c>) on a miss.</summary>
    /// <param name="group">The group.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The group, or null when it does not exist or is not visible to this user.</returns>
    /// <exception cref="ChatalotClientException">The server could not be reached or refused the call for another reason.</exception>
    public ValueTask<DirectoryGroup?> GetGroupAsync(GroupId group, CancellationToken cancellationToken = default) =>
        _groups.Get(group.Value) is { } hit
            ? ValueTask.FromResult<DirectoryGroup?>(hit)
            : new(CoalesceAsync(("group", group.Value), async () =>
            {
                var start = Volatile.Read(ref _stamp);
                return await _source.GetGroupAsync(group, CancellationToken.None).ConfigureAwait(false) is { } read
                    ? _groups.Offer(read.Id.Value, read, start)
                    : null;
            }, cancellationToken));

    /// <summary>
    /// A user, reading the member list of <paramref name="community"/> first when it was not read lately: a burst of
    /// messages from many unknown members costs one paged list, not one request each.
    /// </summary>
    internal async Task<DirectoryUser?> ReadUserAsync(UserId user, CommunityId? community, CancellationToken cancellationToken)
    {
        if (community is { } c && _options.CommunityPrefetchLimit > 0 && !RecentlyPrefetched(c))
        {
            await CoalesceAsync(("members", c.Value), async () =>
            {
                // Marked done only once the list is in (failed or not, so a failing list is not retried per message):
                // until then, every caller joins this read instead of reading its user alone.
                try
                {
                    var start = Volatile.Read(ref _stamp);
                    foreach (var member in await _source.CommunityMembersAsync(c, _options.CommunityPrefetchLimit, CancellationToken.None).ConfigureAwait(false))
                    {
                        _users.Offer(member.Id.Value, member, start);
                    }
                }
                finally
                {
                    _prefetched[c.Value] = _time.GetUtcNow();
                }

                return true;
            }, cancellationToken).ConfigureAwait(false);
            if (_users.Get(user.Value) is { } hit)
            {
                return hit;
            }
        }

        return await CoalesceAsync(("user", user.Value), async () =>
        {
            var start = Volatile.Read(ref _stamp);
            return await _source.GetUserAsync(user, CancellationToken.None).ConfigureAwait(false) is { } read
                ? _users.Offer(read.Id.Value, read, start)
                : null;
        }, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<DirectoryChannel?> FindChannelAsync(Func<DirectoryChannel, bool> match, CancellationToken cancellationToken)
    {
        if (_channels.Find(match) is { } hit)
        {
            return hit;
        }

        await ListAsync("channels", async start =>
        {
            foreach (var channel in await _source.GetChannelsAsync(CancellationToken.None).ConfigureAwait(false))
            {
                _channels.Offer(channel.Id.Value, channel, start);
            }
        }, cancellationToken).ConfigureAwait(false);
        return _channels.Find(match);
    }

    /// <summary>Reads a whole list at most once per <see cref="ListInterval"/>, so repeated misses for unknown names cost nothing.</summary>
    private async Task ListAsync(string kind, Func<long, Task> read, CancellationToken cancellationToken)
    {
        if (_listed.TryGetValue(kind, out var at) && _time.GetUtcNow() - at < ListInterval)
        {
            return;
        }

        await CoalesceAsync(("list", kind), async () =>
        {
            var start = Volatile.Read(ref _stamp);
            await read(start).ConfigureAwait(false);
            _listed[kind] = _time.GetUtcNow();
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    private bool RecentlyPrefetched(CommunityId community) =>
        _prefetched.TryGetValue(community.Value, out var at) && _time.GetUtcNow() - at < _options.EntryLifetime;

    /// <summary>
    /// One read per key at a time: callers asking for what is already being read wait for that read. The read runs without
    /// the caller's token, so one caller giving up does not fail the others; each caller stops waiting on its own token.
    /// </summary>
    private async Task<T> CoalesceAsync<T>(object key, Func<Task<T>> read, CancellationToken cancellationToken)
    {
        var lazy = _inflight.GetOrAdd(key, k => new Lazy<Task>(() => RunAsync(k, read)));
        return await ((Task<T>)lazy.Value).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<T> RunAsync<T>(object key, Func<Task<T>> read)
    {
        try
        {
            await Task.Yield();
            return await read().ConfigureAwait(false);
        }
        finally
        {
            _inflight.TryRemove(key, out _);
        }
    }

    private long NextStamp() => Interlocked.Increment(ref _stamp);

    private static bool Same(string? a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
