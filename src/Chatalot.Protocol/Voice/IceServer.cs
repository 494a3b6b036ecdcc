namespace Chatalot.Protocol.Voice;

/// <summary>One STUN or TURN server, in the shape of WebRTC's <c>RTCIceServer</c>.</summary>
/// <param name="Urls">The server's URIs (<c>stun:</c>, <c>turn:</c>, <c>turns:</c>).</param>
/// <param name="Username">The TURN user name, null for STUN.</param>
/// <param name="Credential">The TURN password, null for STUN.</param>
public sealed record IceServer(IReadOnlyList<string> Urls, string? Username = null, string? Credential = null)
{
    /// <summary>Describes the server without its credential.</summary>
    /// <returns>The URIs and user name.</returns>
    public override string ToString() => $"IceServer {{ Urls = [{string.Join(", ", Urls)}], Username = {Username} }}";
}
