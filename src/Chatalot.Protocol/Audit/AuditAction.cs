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
}
