using Chatalot.Protocol.Gateway;

namespace Chatalot.Client;

/// <summary>A community mate's presence changed (users who chose invisible appear as offline).</summary>
public sealed record PresenceChanged : ChatalotEvent
{
    /// <summary>The user.</summary>
    public required UserId UserId { get; init; }

    /// <summary>The new status.</summary>
    public required PresenceStatus Status { get; init; }

    /// <inheritdoc />
    public override string OrderingKey => "presence";
}
