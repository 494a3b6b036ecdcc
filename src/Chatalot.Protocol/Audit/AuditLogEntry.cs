namespace Chatalot.Protocol.Audit;

/// <summary>One audit-log entry: who did what to whom and when. Entries are kept <see cref="ChatalotLimits.AuditLogRetentionDays"/> days.</summary>
/// <param name="Id">The entry id: increasing in the order entries were written, and the <c>before</c> cursor of the next page.</param>
/// <param name="Action">What was done.</param>
/// <param name="ActorId">Who did it.</param>
/// <param name="CommunityId">The community it happened in; <see langword="null"/> for an instance-wide action.</param>
/// <param name="TargetUserId">The user acted on, if any.</param>
/// <param name="TargetId">The other object acted on (a message, role, channel, report, invite…), if any.</param>
/// <param name="Reason">The reason the actor gave, if any.</param>
/// <param name="Detail">A short human-readable detail (for example "48 messages").</param>
/// <param name="CreatedAt">When it was done.</param>
public sealed record AuditLogEntry(
    long Id,
    AuditAction Action,
    Guid ActorId,
    Guid? CommunityId,
    Guid? TargetUserId,
    Guid? TargetId,
    string? Reason,
    string? Detail,
    DateTimeOffset CreatedAt);
