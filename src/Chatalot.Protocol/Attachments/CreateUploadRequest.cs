namespace Chatalot.Protocol.Attachments;

/// <summary>
/// Body of <c>POST /api/v1/uploads</c>: reserves room for one encrypted file. The bytes follow in
/// <c>PATCH /api/v1/uploads/{id}</c> requests (rest.md §Attachments).
/// </summary>
/// <param name="Length">
/// The exact ciphertext length in bytes, known up front from the plaintext length (crypto.md §8); at most the server's
/// <see cref="StorageUsage.MaxAttachmentBytes"/>.
/// </param>
/// <param name="ChannelId">
/// The channel the file will be sent to, when it is a community channel: the upload then also counts against that
/// community's quota, and the caller must be allowed to post there. Omitted for a DM.
/// </param>
public sealed record CreateUploadRequest(long Length, Guid? ChannelId = null);
