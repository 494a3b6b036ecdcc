namespace Chatalot.Protocol.Admin;

/// <summary>One user's or community's attachment storage in a <see cref="StorageReport"/>.</summary>
/// <param name="Id">The user or community id.</param>
/// <param name="Name">The user name or community name.</param>
/// <param name="Bytes">Ciphertext bytes of its attachments.</param>
/// <param name="Attachments">How many attachments.</param>
public sealed record StorageUsageEntry(Guid Id, string Name, long Bytes, int Attachments);
