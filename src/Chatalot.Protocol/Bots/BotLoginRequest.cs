namespace Chatalot.Protocol.Bots;

/// <summary>Body of <c>POST /api/v1/auth/bot</c>: a bot signs in with its token instead of a password.</summary>
/// <param name="Token">The bot token.</param>
/// <param name="DeviceName">A label for the new session.</param>
public sealed record BotLoginRequest(string Token, string? DeviceName = null)
{
    /// <summary>Redacts the token so it can never reach a log.</summary>
    /// <returns>A description without the token.</returns>
    public override string ToString() => $"BotLoginRequest {{ Token = ***, DeviceName = {DeviceName} }}";
}
