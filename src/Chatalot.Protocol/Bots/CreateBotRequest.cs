namespace Chatalot.Protocol.Bots;

/// <summary>Body of <c>POST /api/v1/bots</c>.</summary>
/// <param name="Username">The bot's user name (the rules of registration: 3-32 letters, digits, <c>_</c>, <c>.</c>, <c>-</c>).</param>
/// <param name="DisplayName">The display name; the user name when null.</param>
/// <param name="CommunityId">The community the bot joins as a member (the caller must be an admin there); null only for instance administrators.</param>
public sealed record CreateBotRequest(string Username, string? DisplayName = null, Guid? CommunityId = null);
