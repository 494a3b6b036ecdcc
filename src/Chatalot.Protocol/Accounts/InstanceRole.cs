using System.Text.Json.Serialization;
using Chatalot.Protocol.Serialization;

namespace Chatalot.Protocol.Accounts;

/// <summary>A user's instance-wide role.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<InstanceRole>))]
public enum InstanceRole
{
    /// <summary>An ordinary user.</summary>
    User,

    /// <summary>An instance administrator: manages users and registration invites.</summary>
    Admin,

    /// <summary>The instance owner (the first registered user): also manages administrators.</summary>
    Owner,
}
