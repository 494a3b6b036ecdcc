using System.Text.Json;
using Chatalot.Server.Hosting.Voice.Internal;
using StackExchange.Redis;

namespace Chatalot.Server.Hosting.ScaleOut.Internal;

/// <summary>
/// The cluster's voice state in Redis: seats in one hash keyed by user (JSON of every field, with the node holding the
/// session), a sorted set of user ids per channel scored by a join counter (join order), a set of moderator mutes. Changes happen under one cluster-wide lock: voice
/// changes are rare (joins, leaves, flag toggles), so one lock costs nothing measurable, keeps the caps and the
/// one-call-per-user rule exact across nodes, and keeps each channel's events in the order its state changed.
/// </summary>
internal sealed class RedisVoiceState(RedisConnection redis) : IVoiceState
{
    /// <summary>How long the lock lives if its holder dies; far longer than any voice change takes.</summary>
    private static readonly TimeSpan LockLifetime = TimeSpan.FromSeconds(5);

    // Deletes the lock only if it is still ours: after an expiry another node may hold it.
    private const string ReleaseScript = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

    private readonly RedisKey _lock = redis.Key("voice:lock");
    private readonly RedisKey _seats = redis.Key("voice:seats");
    private readonly RedisKey _mutes = redis.Key("voice:mutes");
    private readonly RedisKey _joinCounter = redis.Key("voice:join-counter");

    public Guid NodeId => redis.NodeId;

    public async Task<IAsyncDisposable> LockAsync(CancellationToken cancellationToken)
    {
        var token = Guid.NewGuid().ToString("N");
        var backoff = TimeSpan.FromMilliseconds(2);
        while (!await redis.Database.StringSetAsync(_lock, token, LockLifetime, When.NotExists).ConfigureAwait(false))
        {
            await Task.Delay(backoff + TimeSpan.FromMilliseconds(Random.Shared.Next(3)), cancellationToken).ConfigureAwait(false);
            backoff = TimeSpan.FromMilliseconds(Math.Min(backoff.TotalMilliseconds * 2, 50));
        }

        return new Releaser(redis.Database, _lock, token);
    }

    public async Task<VoiceSeat?> SeatOfAsync(Guid userId) => Read(await redis.Database.HashGetAsync(_seats, userId.ToString()).ConfigureAwait(false));

    public async Task<IReadOnlyList<VoiceSeat>> ChannelAsync(Guid channelId)
    {
        var users = await redis.Database.SortedSetRangeByRankAsync(ChannelKey(channelId)).ConfigureAwait(false);
        if (users.Length == 0)
        {
            return [];
        }

        var values = await redis.Database.HashGetAsync(_seats, users).ConfigureAwait(false);
        return [.. values.Select(Read).OfType<VoiceSeat>().Where(s => s.ChannelId == channelId)];
    }

    public async Task<IReadOnlyList<VoiceSeat>> AllAsync() =>
        [.. (await redis.Database.HashGetAllAsync(_seats).ConfigureAwait(false)).Select(e => Read(e.Value)).OfType<VoiceSeat>()];

    public async Task SaveAsync(VoiceSeat seat)
    {
        var json = JsonSerializer.Serialize(StoredVoiceSeat.From(seat), StoredVoiceSeatJson.Default.StoredVoiceSeat);
        var user = seat.UserId.ToString();
        var channel = ChannelKey(seat.ChannelId);

        // Callers hold the lock, so the order number of a new seat is safe to take before the write.
        var order = await redis.Database.SortedSetScoreAsync(channel, user).ConfigureAwait(false)
            ?? await redis.Database.StringIncrementAsync(_joinCounter).ConfigureAwait(false);
        var batch = redis.Database.CreateTransaction();
        _ = batch.HashSetAsync(_seats, user, json);
        _ = batch.SortedSetAddAsync(channel, user, order);
        await batch.ExecuteAsync().ConfigureAwait(false);
    }

    public async Task RemoveAsync(VoiceSeat seat)
    {
        var batch = redis.Database.CreateTransaction();
        _ = batch.HashDeleteAsync(_seats, seat.UserId.ToString());
        _ = batch.SortedSetRemoveAsync(ChannelKey(seat.ChannelId), seat.UserId.ToString());
        await batch.ExecuteAsync().ConfigureAwait(false);
    }

    public Task<bool> IsMutedByModeratorAsync(Guid channelId, Guid userId) => redis.Database.SetContainsAsync(_mutes, Mute(channelId, userId));

    public Task SetMutedByModeratorAsync(Guid channelId, Guid userId, bool muted) =>
        muted ? redis.Database.SetAddAsync(_mutes, Mute(channelId, userId)) : redis.Database.SetRemoveAsync(_mutes, Mute(channelId, userId));

    public async Task ClearModeratorMutesAsync(Guid channelId)
    {
        var prefix = channelId + ":";
        var stale = (await redis.Database.SetMembersAsync(_mutes).ConfigureAwait(false)).Where(m => m.ToString().StartsWith(prefix, StringComparison.Ordinal)).ToArray();
        if (stale.Length > 0)
        {
            await redis.Database.SetRemoveAsync(_mutes, stale).ConfigureAwait(false);
        }
    }

    public Task<bool> IsNodeAliveAsync(Guid nodeId) => redis.Database.KeyExistsAsync(redis.HeartbeatKey(nodeId));

    private static string Mute(Guid channelId, Guid userId) => $"{channelId}:{userId}";

    private static VoiceSeat? Read(RedisValue value) =>
        value.IsNullOrEmpty ? null : JsonSerializer.Deserialize((string)value!, StoredVoiceSeatJson.Default.StoredVoiceSeat)?.ToSeat();

    private RedisKey ChannelKey(Guid channelId) => redis.Key($"voice:channel:{channelId}");

    private sealed class Releaser(IDatabase database, RedisKey key, string token) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() =>
            await database.ScriptEvaluateAsync(ReleaseScript, [key], [token]).ConfigureAwait(false);
    }
}
