using System.Text.Json.Serialization;
using Chatalot.Protocol.Serialization;

namespace Chatalot.Protocol.Audit;

/// <summary>
/// What an audit-log entry records (rest.md §Audit log). Snake_case on the wire; new members are only ever appended, and
/// a client shows an unknown action by its wire name.
/// </summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<AuditAction>))]
public enum AuditAction
{
    /// <summary>A moderator resolved an abuse report (<see cref="AuditLogEntry.TargetId"/> is the report).</summary>
    ReportResolved,

    /// <summary>A moderator dismissed an abuse report (<see cref="AuditLogEntry.TargetId"/> is the report).</summary>
    ReportDismissed,

    /// <summary>
    /// An account was deleted (instance entry): by an instance administrator, or by its owner (then the actor is the
    /// target). <see cref="AuditLogEntry.Detail"/> holds the user name it had.
    /// </summary>
    UserDeleted,

    /// <summary>A user turned two-factor sign-in on (instance entry; actor and target are the user).</summary>
    TwoFactorEnabled,

    /// <summary>A user turned two-factor sign-in off (instance entry; actor and target are the user).</summary>
    TwoFactorDisabled,
    /// <summary>The first account claimed the fresh instance with its setup code and became the owner (instance entry).</summary>
    ServerClaimed,

    /// <summary>An instance administrator suspended a user (<see cref="AuditLogEntry.Reason"/> is the reason given).</summary>
    UserSuspended,

    /// <summary>An instance administrator lifted a user's suspension.</summary>
    UserUnsuspended,

    /// <summary>The instance owner changed a user's instance role (<see cref="AuditLogEntry.Detail"/> is the new role).</summary>
    InstanceRoleChanged,

    /// <summary>An instance administrator revoked every session of a user (<see cref="AuditLogEntry.Detail"/> counts them).</summary>
    UserSessionsRevoked,

    /// <summary>An instance administrator changed the server settings (<see cref="AuditLogEntry.Detail"/> lists what changed).</summary>
    ServerSettingsChanged,

    /// <summary>An instance administrator created a registration invite (<see cref="AuditLogEntry.TargetId"/> is the invite).</summary>
    RegistrationInviteCreated,

    /// <summary>An instance administrator revoked a registration invite (<see cref="AuditLogEntry.TargetId"/> is the invite).</summary>
    RegistrationInviteRevoked,
}
