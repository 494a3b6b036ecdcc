using Chatalot.Client.Voice;

namespace Chatalot.Client;

/// <summary>A ring (<see cref="CallRinging"/>) stopped.</summary>
public sealed record CallRingEnded : ChatalotEvent
{
    /// <summary>The call that rang.</summary>
    public required IncomingCall Call { get; init; }

    /// <summary>Why it stopped.</summary>
    public required CallRingEndReason Reason { get; init; }

    /// <inheritdoc />
    public override string OrderingKey => Call.ChannelId.ToString();
}
