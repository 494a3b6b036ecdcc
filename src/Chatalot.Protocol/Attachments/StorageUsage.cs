namespace Chatalot.Protocol.Attachments;

/// <summary>The caller's attachment storage, from <c>GET /api/v1/users/me/storage</c>.</summary>
/// <param name="UsedBytes">Ciphertext bytes the caller's uploads hold or have reserved (declared lengths).</param>
/// <param name="QuotaBytes">The caller's quota, or <see langword="null"/> when unlimited.</param>
/// <param name="MaxAttachmentBytes">The largest ciphertext one upload may declare.</param>
public sealed record StorageUsage(long UsedBytes, long? QuotaBytes, long MaxAttachmentBytes);
