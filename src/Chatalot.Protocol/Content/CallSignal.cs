namespace Chatalot.Protocol.Content;

/// <summary>
/// WebRTC signalling between two call participants, carried end to end encrypted inside a
/// <see cref="DevicePayloadKind.CallSignal"/> payload (calls.md §3). The server never sees an SDP (with its DTLS
/// fingerprint) or an ICE candidate, so it cannot place itself between the peers.
/// </summary>
public sealed record CallSignal
{
    /// <summary>One of <see cref="CallSignalType"/>.</summary>
    public required string Type { get; init; }

    /// <summary>The sender's join of the call's channel (<c>VoiceParticipant.JoinId</c>).</summary>
    public required Guid JoinId { get; init; }

    /// <summary>The recipient's join the signal is meant for; null for <see cref="CallSignalType.Ring"/> and a ring's <see cref="CallSignalType.Decline"/> to one's own devices.</summary>
    public Guid? TargetJoinId { get; init; }

    /// <summary>For an offer or answer: the session description (RFC 8866), its DTLS fingerprint included.</summary>
    public string? Sdp { get; init; }

    /// <summary>For <see cref="CallSignalType.Candidates"/>: ICE candidates gathered since the last batch.</summary>
    public IReadOnlyList<IceCandidate>? Candidates { get; init; }

    /// <summary>For <see cref="CallSignalType.Ring"/>: the caller starts with the camera on.</summary>
    public bool? Video { get; init; }

    /// <summary>Describes the signal without its SDP or candidates.</summary>
    /// <returns>The type and joins.</returns>
    public override string ToString() => $"CallSignal {{ Type = {Type}, JoinId = {JoinId}, TargetJoinId = {TargetJoinId}, Candidates = {Candidates?.Count} }}";
}
