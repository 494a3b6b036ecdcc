namespace Chatalot.Protocol.Bots;

/// <summary>
/// A bot and its new token, answered once by <c>POST /bots</c> and <c>POST /bots/{id}/token</c>. The server keeps only
/// a hash of the token: it cannot be shown again, only rotated.
/// </summary>
/// <param name="Bot">The bot.</param>
/// <param name="Token">The bot token (sign in with <c>POST /auth/bot</c>); a secret.</param>
public sealed record BotCredentials(Bot Bot, string Token)
{
    /// <summary>Redacts the token so it can never reach a log.</summary>
    /// <returns>A description without the token.</returns>
    public override string ToString() => $"BotCredentials {{ Bot = {Bot}, Token = *** }}";
}
