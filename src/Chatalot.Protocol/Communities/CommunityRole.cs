using System.Text.Json.Serialization;
using Chatalot.Protocol.Serialization;

namespace Chatalot.Protocol.Communities;

/// <summary>A member's role in a community, lowest first; a higher role may act on lower ones only.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<CommunityRole>))]
public enum CommunityRole
{
    /// <summary>An ordinary member.</summary>
    Member,

    /// <summary>Moderates members and messages.</summary>
    Moderator,

    /// <summary>Manages settings, invites, groups and roles below admin.</summary>
    Admin,

    /// <summary>The single owner; changes only by ownership transfer.</summary>
    Owner,
}
