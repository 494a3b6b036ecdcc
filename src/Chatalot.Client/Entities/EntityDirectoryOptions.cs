namespace Chatalot.Client;

/// <summary>Settings of the client's <see cref="EntityDirectory"/> (the names cache behind events and lookups).</summary>
public sealed record EntityDirectoryOptions
{
    /// <summary>The default settings.</summary>
    public static EntityDirectoryOptions Default { get; } = new();

    /// <summary>How many users the cache holds; the least recently used is dropped beyond it. Default 10 000.</summary>
    public int MaxUsers { get; init; } = 10_000;

    /// <summary>How many channels, groups and communities (each) the cache holds. Default 5 000.</summary>
    public int MaxChannels { get; init; } = 5_000;

    /// <summary>
    /// How long an entry is trusted without an event confirming it. Gateway events keep what this user shares current; the
    /// lifetime only bounds staleness for users who no longer share anything with this user. Default 30 minutes.
    /// </summary>
    public TimeSpan EntryLifetime { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// On a cache miss for a sender in a community, the client reads that community's member list (once, coalesced) rather
    /// than one user at a time, up to this many members; beyond it, users are read one by one. Default 1 000; 0 turns the
    /// prefetch off.
    /// </summary>
    public int CommunityPrefetchLimit { get; init; } = 1_000;

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxUsers, 1, nameof(MaxUsers));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxChannels, 1, nameof(MaxChannels));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(EntryLifetime, TimeSpan.Zero, nameof(EntryLifetime));
        ArgumentOutOfRangeException.ThrowIfNegative(CommunityPrefetchLimit, nameof(CommunityPrefetchLimit));
    }
}
