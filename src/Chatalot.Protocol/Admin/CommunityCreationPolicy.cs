using System.Text.Json.Serialization;
using Chatalot.Protocol.Serialization;

namespace Chatalot.Protocol.Admin;

/// <summary>Who may create communities on an instance (<see cref="ServerSettings.CommunityCreation"/>).</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<CommunityCreationPolicy>))]
public enum CommunityCreationPolicy
{
    /// <summary>Every user may create communities (up to <see cref="ServerSettings.MaxCommunitiesPerUser"/>).</summary>
    Everyone,

    /// <summary>Only instance administrators and the owner may create communities.</summary>
    AdminsOnly,
}
