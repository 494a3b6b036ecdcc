namespace Chatalot.Protocol.Moderation;

/// <summary>Body of <c>POST /api/v1/channels/{id}/messages/bulk-delete</c>: 1-100 distinct messages of the channel.</summary>
/// <param name="MessageIds">The messages; already deleted ones are skipped.</param>
public sealed record BulkDeleteRequest(IReadOnlyList<Guid> MessageIds);
