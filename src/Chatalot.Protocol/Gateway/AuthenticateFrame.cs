namespace Chatalot.Protocol.Gateway;

/// <summary>First frame of a new session: authenticates within 10 seconds of <c>hello</c>.</summary>
/// <param name="Token">An access token.</param>
/// <param name="DeviceId">The device this connection acts for; required to receive to-device messages.</param>
/// <param name="Presence">The initial presence (default online).</param>
public sealed record AuthenticateFrame(string Token, int? DeviceId = null, PresenceStatus Presence = PresenceStatus.Online) : ClientFrame
{
    /// <summary>Redacts the token.</summary>
    /// <returns>A description without secrets.</returns>
    public override string ToString() => $"AuthenticateFrame {{ DeviceId = {DeviceId} }}";
}
