namespace Chatalot.Protocol.Communities;

/// <summary>Body of the community and group <c>transfer-ownership</c> routes. The old owner becomes an admin.</summary>
/// <param name="NewOwnerId">The member who becomes owner.</param>
public sealed record TransferOwnershipRequest(Guid NewOwnerId);
