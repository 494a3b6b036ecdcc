using System.Text.Json.Serialization;
using Chatalot.Protocol.Serialization;

namespace Chatalot.Protocol.Groups;

/// <summary>A member's role in a group, lowest first.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<GroupRole>))]
public enum GroupRole
{
    /// <summary>An ordinary member.</summary>
    Member,

    /// <summary>Manages the group's settings, channels and invites.</summary>
    Admin,

    /// <summary>The single owner; changes only by ownership transfer.</summary>
    Owner,
}
