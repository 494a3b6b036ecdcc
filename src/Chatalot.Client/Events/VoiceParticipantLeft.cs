using Chatalot.Protocol.Voice;

namespace Chatalot.Client;

/// <summary>A participant left a voice channel or DM call; with <see cref="IsSelf"/>, this device is out of its call.</summary>
public sealed record VoiceParticipantLeft : ChatalotEvent
{
    /// <summary>The channel.</summary>
    public required ChannelId ChannelId { get; init; }

    /// <summary>The user.</summary>
    public required UserId UserId { get; init; }

    /// <summary>The device.</summary>
    public required DeviceId DeviceId { get; init; }

    /// <summary>The join that ended.</summary>
    public required Guid JoinId { get; init; }

    /// <summary>Why.</summary>
    public required VoiceLeaveReason Reason { get; init; }

    /// <summary>The participant was this device: <see cref="Voice.VoiceClient.Current"/> is null now.</summary>
    public bool IsSelf { get; init; }

    /// <inheritdoc />
    public override string OrderingKey => ChannelId.ToString();
}
