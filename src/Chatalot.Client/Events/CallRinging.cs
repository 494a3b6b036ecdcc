using Chatalot.Client.Voice;

namespace Chatalot.Client;

/// <summary>Someone calls this user in a DM: ring until <see cref="CallRingEnded"/> for the same call.</summary>
public sealed record CallRinging : ChatalotEvent
{
    /// <summary>The call.</summary>
    public required IncomingCall Call { get; init; }

    /// <inheritdoc />
    public override string OrderingKey => Call.ChannelId.ToString();
}
