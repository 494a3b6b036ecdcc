namespace Chatalot.Client;

/// <summary>
/// A user who shares a community or a direct message with this user (or this user, from another device) changed their
/// display name, avatar, banner, bio or pronouns (<c>user_updated</c>). Status changes arrive as <see cref="PresenceChanged"/>.
/// </summary>
public sealed record ProfileUpdated : ChatalotEvent
{
    /// <summary>The profile as it is now.</summary>
    public required Protocol.Profiles.UserProfile Profile { get; init; }

    /// <summary>The user.</summary>
    public UserId UserId => new(Profile.Id);

    /// <inheritdoc />
    public override string OrderingKey => "directory";
}
