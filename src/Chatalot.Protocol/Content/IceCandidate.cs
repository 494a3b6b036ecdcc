namespace Chatalot.Protocol.Content;

/// <summary>One ICE candidate, as WebRTC's <c>RTCIceCandidateInit</c>; an empty <see cref="Candidate"/> ends gathering.</summary>
/// <param name="Candidate">The <c>candidate:</c> attribute line.</param>
/// <param name="SdpMid">The media stream id.</param>
/// <param name="SdpMLineIndex">The media line index.</param>
/// <param name="UsernameFragment">The ICE ufrag the candidate belongs to.</param>
public sealed record IceCandidate(string Candidate, string? SdpMid = null, int? SdpMLineIndex = null, string? UsernameFragment = null)
{
    /// <summary>Hides the candidate's addresses.</summary>
    /// <returns>The media stream id.</returns>
    public override string ToString() => $"IceCandidate {{ SdpMid = {SdpMid} }}";
}
