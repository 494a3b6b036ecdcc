namespace Chatalot.Protocol.Common;

/// <summary>Cursor information of a paginated list.</summary>
/// <param name="HasMore">Whether more items exist past the returned ones in the requested direction.</param>
/// <param name="NextCursor">An opaque cursor (or an id) to pass back for the next page, when <paramref name="HasMore"/>.</param>
public sealed record PageInfo(bool HasMore, string? NextCursor = null);
