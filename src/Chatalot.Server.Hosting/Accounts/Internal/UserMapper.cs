using Chatalot.Protocol.Accounts;
using Chatalot.Server.Hosting.Storage.Internal;

namespace Chatalot.Server.Hosting.Accounts.Internal;

internal static class UserMapper
{
    public static User ToDto(UserRow u) => new(u.Id, u.Username, u.DisplayName, (InstanceRole)u.Role, u.CreatedAt, u.SuspendedAt is not null, u.AvatarId) { IsBot = u.IsBot };
}
