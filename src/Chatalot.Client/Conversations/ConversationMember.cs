namespace Chatalot.Client;

/// <summary>A member as the composer knows it, for resolving <c>@username</c> mentions.</summary>
/// <param name="UserId">The user.</param>
/// <param name="Username">The user's name (matched ignoring case, as usernames are unique ignoring case).</param>
public sealed record ConversationMember(UserId UserId, string Username);
