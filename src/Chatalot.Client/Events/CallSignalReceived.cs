using Chatalot.Protocol.Content;
using Chatalot.Protocol.Voice;

namespace Chatalot.Client;

/// <summary>
/// WebRTC signalling from another participant of this device's call, decrypted and checked (calls.md §3): it comes
/// from a listed device of its account that is in the call under <see cref="CallSignal.JoinId"/>, and it is meant for
/// this device's current join. Hand it to the media layer.
/// </summary>
public sealed record CallSignalReceived : ChatalotEvent
{
    /// <summary>The call's channel.</summary>
    public required ChannelId ChannelId { get; init; }

    /// <summary>The sending participant.</summary>
    public required VoiceParticipant From { get; init; }

    /// <summary>The signal.</summary>
    public required CallSignal Signal { get; init; }

    /// <inheritdoc />
    public override string OrderingKey => ChannelId.ToString();
}
