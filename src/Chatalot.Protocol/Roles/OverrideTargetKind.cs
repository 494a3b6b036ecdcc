using System.Text.Json.Serialization;
using Chatalot.Protocol.Serialization;

namespace Chatalot.Protocol.Roles;

/// <summary>Whom a permission override applies to (the <c>{target_kind}</c> route segment: <c>role</c> or <c>member</c>).</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<OverrideTargetKind>))]
public enum OverrideTargetKind
{
    /// <summary>Everyone holding a role; the community's id names @everyone.</summary>
    Role,

    /// <summary>One member.</summary>
    Member,
}
