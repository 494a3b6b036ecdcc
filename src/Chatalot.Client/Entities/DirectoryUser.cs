namespace Chatalot.Client;

/// <summary>A user as the client's <see cref="EntityDirectory"/> knows them (display only: names are not authenticated).</summary>
/// <param name="Id">The user.</param>
/// <param name="Username">The unique user name (what <c>@name</c> mentions match).</param>
/// <param name="DisplayName">The name shown in the UI.</param>
/// <param name="AvatarId">The avatar image, when the user set one (<c>ProfileClient</c> reads it).</param>
public sealed record DirectoryUser(UserId Id, string Username, string DisplayName, Guid? AvatarId = null)
{
    /// <summary>Whether the account is a bot account (signs in with a bot token; shown with a BOT badge).</summary>
    public bool IsBot { get; init; }
}
