namespace Chatalot.Server.Hosting.Voice.Internal;

/// <summary>
/// Where <see cref="VoiceTracker"/> keeps its seats and moderator mutes, and the lock its changes happen under: this
/// node's memory on a single node (<see cref="InMemoryVoiceState"/>), Redis in a cluster (<c>RedisVoiceState</c>), so
/// that caps, <c>moved</c> and the participant lists span every node.
/// </summary>
internal interface IVoiceState
{
    /// <summary>This node's id as seats record it (<see cref="Guid.Empty"/> on a single node).</summary>
    Guid NodeId { get; }

    /// <summary>Takes the one lock every voice change and its event happen under; dispose the result to release it.</summary>
    Task<IAsyncDisposable> LockAsync(CancellationToken cancellationToken);

    /// <summary>The user's seat, if they are in a call (at most one per user).</summary>
    Task<VoiceSeat?> SeatOfAsync(Guid userId);

    /// <summary>A channel's seats in join order.</summary>
    Task<IReadOnlyList<VoiceSeat>> ChannelAsync(Guid channelId);

    /// <summary>Every seat (voice state is small: a few calls of at most a few dozen people each).</summary>
    Task<IReadOnlyList<VoiceSeat>> AllAsync();

    /// <summary>Adds or replaces the user's seat.</summary>
    Task SaveAsync(VoiceSeat seat);

    Task RemoveAsync(VoiceSeat seat);

    Task<bool> IsMutedByModeratorAsync(Guid channelId, Guid userId);

    Task SetMutedByModeratorAsync(Guid channelId, Guid userId, bool muted);

    Task ClearModeratorMutesAsync(Guid channelId);

    /// <summary>Whether the node holding a seat's session still runs (always true on a single node).</summary>
    Task<bool> IsNodeAliveAsync(Guid nodeId);
}
