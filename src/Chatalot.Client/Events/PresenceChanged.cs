using Chatalot.Protocol.Gateway;

namespace Chatalot.Client;

/// <summary>A community mate's presence changed (users who chose invisible appear as offline).</summary>
public sealed record PresenceChanged : ChatalotEvent
{
    /// <summary>The user.</summary>
    public required UserId UserId { get; init; }

    /// <summary>The new status.</summary>
    public required PresenceStatus Status { get; init; }

    /// <summary>The user's custom status text; null when none is set, it expired, or the user appears offline.</summary>
    public string? CustomStatus { get; init; }

    /// <summary>When <see cref="CustomStatus"/> stops being shown (hide it then); null when it does not expire.</summary>
    public DateTimeOffset? CustomStatusExpiresAt { get; init; }

    /// <inheritdoc />
    public override string OrderingKey => "presence";
}
