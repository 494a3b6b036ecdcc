using Chatalot.Protocol.Profiles;

namespace Chatalot.Protocol.Gateway;

/// <summary>
/// A user who shares a community or a direct message with the recipient changed their display name, avatar, banner,
/// bio or pronouns (also sent to the user's own connections). Status changes arrive as <see cref="PresenceUpdatedEvent"/>.
/// </summary>
/// <param name="Profile">The profile as it is now.</param>
public sealed record UserUpdatedEvent(UserProfile Profile) : ServerEvent;
