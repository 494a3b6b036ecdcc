namespace Chatalot.Protocol.Channels;

/// <summary>Body of <c>POST /api/v1/dms</c>: gets or creates the DM channel with a user who shares a community and is not blocked.</summary>
/// <param name="UserId">The other user.</param>
public sealed record CreateDmRequest(Guid UserId);
