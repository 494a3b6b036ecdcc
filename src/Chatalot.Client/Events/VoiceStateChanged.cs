using Chatalot.Protocol.Voice;

namespace Chatalot.Client;

/// <summary>
/// A participant joined a voice channel or DM call, or changed its flags. For this device (<see cref="IsSelf"/>), a
/// new <see cref="VoiceParticipant.JoinId"/> means it joined again after losing its connection: the media layer drops
/// its peer connections and offers to everyone again.
/// </summary>
public sealed record VoiceStateChanged : ChatalotEvent
{
    /// <summary>The channel.</summary>
    public required ChannelId ChannelId { get; init; }

    /// <summary>The participant as it is now.</summary>
    public required VoiceParticipant Participant { get; init; }

    /// <summary>The participant is this device.</summary>
    public bool IsSelf { get; init; }

    /// <inheritdoc />
    public override string OrderingKey => ChannelId.ToString();
}
