namespace Chatalot.Server.Hosting.Gateway;

/// <summary>
/// One fan-out instruction exchanged between server nodes. Event frames are serialised once, by the publishing node,
/// and every node writes the same bytes to its local connections.
/// </summary>
public sealed record ChatalotBackplaneMessage
{
    /// <summary>What to do.</summary>
    public required ChatalotBackplaneMessageKind Kind { get; init; }

    /// <summary>The channel, for <see cref="ChatalotBackplaneMessageKind.ChannelEvent"/>.</summary>
    public Guid? ChannelId { get; init; }

    /// <summary>The target users (channel events: users reached without subscribing, such as DM participants).</summary>
    public IReadOnlyList<Guid> UserIds { get; init; } = [];

    /// <summary>The target device, for <see cref="ChatalotBackplaneMessageKind.DeviceEvent"/>.</summary>
    public int? DeviceId { get; init; }

    /// <summary>The target authentication session, for <see cref="ChatalotBackplaneMessageKind.Disconnect"/> (null: all of the user's).</summary>
    public Guid? SessionId { get; init; }

    /// <summary>The channels, for <see cref="ChatalotBackplaneMessageKind.RevokeChannels"/>.</summary>
    public IReadOnlyList<Guid> ChannelIds { get; init; } = [];

    /// <summary>The reason code, for <see cref="ChatalotBackplaneMessageKind.Disconnect"/>.</summary>
    public string? Code { get; init; }

    /// <summary>The serialised event frames (UTF-8 JSON without <c>seq</c>); usually one.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Frames { get; init; } = [];

    /// <summary>When the publishing node published it, for fan-out latency metrics.</summary>
    public DateTimeOffset PublishedAt { get; init; }
}
