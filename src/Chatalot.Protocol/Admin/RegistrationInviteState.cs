using System.Text.Json.Serialization;
using Chatalot.Protocol.Serialization;

namespace Chatalot.Protocol.Admin;

/// <summary>Whether a registration invite still admits anyone (<see cref="Accounts.RegistrationInvite.State"/>).</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<RegistrationInviteState>))]
public enum RegistrationInviteState
{
    /// <summary>It admits registrations.</summary>
    Active,

    /// <summary>Its expiry passed.</summary>
    Expired,

    /// <summary>It was used as many times as it allows.</summary>
    UsedUp,

    /// <summary>An administrator revoked it.</summary>
    Revoked,
}
