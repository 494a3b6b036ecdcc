using Chatalot.Protocol.Gateway;
using Chatalot.Protocol.Profiles;
using Chatalot.Server.Hosting.Storage.Internal;

namespace Chatalot.Server.Hosting.Profiles.Internal;

internal static class ProfileMapper
{
    public static UserProfile ToProfile(UserRow u, UserPresence presence) =>
        new(u.Id, u.Username, u.DisplayName, u.Bio, u.Pronouns, u.AvatarId, u.BannerId, presence.Status, presence.CustomStatus, presence.CustomStatusExpiresAt) { IsBot = u.IsBot };
}
