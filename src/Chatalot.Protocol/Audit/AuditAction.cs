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

    /// <summary>A member was kicked (<see cref="AuditLogEntry.TargetUserId"/>).</summary>
    MemberKicked,

    /// <summary>A user was banned; the detail says how many of their messages were deleted with it.</summary>
    MemberBanned,

    /// <summary>A user was unbanned.</summary>
    MemberUnbanned,

    /// <summary>A member was timed out; the detail holds the end time.</summary>
    MemberTimedOut,

    /// <summary>A member's time-out was lifted.</summary>
    MemberTimeoutRemoved,

    /// <summary>A role was created (<see cref="AuditLogEntry.TargetId"/> is the role).</summary>
    RoleCreated,

    /// <summary>A role's name, colour, flags or settings changed (the @everyone role has the community's id).</summary>
    RoleUpdated,

    /// <summary>A role was deleted.</summary>
    RoleDeleted,

    /// <summary>The roles were reordered.</summary>
    RolesReordered,

    /// <summary>A member was given a role (<see cref="AuditLogEntry.TargetId"/> is the role).</summary>
    MemberRoleAdded,

    /// <summary>A role was taken from a member.</summary>
    MemberRoleRemoved,

    /// <summary>A permission override was set on a group or channel (<see cref="AuditLogEntry.TargetId"/>); the detail names its target.</summary>
    OverrideSet,

    /// <summary>A permission override was removed from a group or channel.</summary>
    OverrideDeleted,

    /// <summary>Messages of a channel were bulk-deleted (<see cref="AuditLogEntry.TargetId"/> is the channel); the detail says how many.</summary>
    MessagesBulkDeleted,

    /// <summary>A moderator deleted someone else's message (<see cref="AuditLogEntry.TargetId"/> is the message, the target user its sender).</summary>
    MessageDeleted,

    /// <summary>A channel's settings changed (<see cref="AuditLogEntry.TargetId"/> is the channel); the detail lists what changed.</summary>
    ChannelUpdated,

    /// <summary>
    /// An instance administrator turned off a user's two-factor sign-in and deleted their backup codes, for a user who lost
    /// their authenticator (instance entry).
    /// </summary>
    TwoFactorReset,

    /// <summary>A moderator server-muted a participant of a voice channel (<see cref="AuditLogEntry.TargetId"/> is the channel).</summary>
    VoiceMemberMuted,

    /// <summary>A moderator lifted a participant's server mute (<see cref="AuditLogEntry.TargetId"/> is the channel).</summary>
    VoiceMemberUnmuted,

    /// <summary>A moderator disconnected a participant from a voice channel (<see cref="AuditLogEntry.TargetId"/> is the channel).</summary>
    VoiceMemberDisconnected,
}
