namespace Chatalot.Protocol.Moderation;

/// <summary>Answer of a bulk delete.</summary>
/// <param name="Deleted">How many messages this call deleted (the others were already deleted).</param>
public sealed record BulkDeleteResult(int Deleted);
