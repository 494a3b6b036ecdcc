namespace Chatalot.Protocol.Attachments;

/// <summary>
/// An encrypted file on the server, while it is being uploaded and after (<c>GET /api/v1/uploads/{id}</c>). The id is
/// also the attachment's id: messages reference it in <c>attachment_ids</c> and readers download it from
/// <c>GET /api/v1/attachments/{id}</c>.
/// </summary>
/// <param name="Id">The attachment id (a random UUID: it cannot be guessed).</param>
/// <param name="Length">The declared ciphertext length.</param>
/// <param name="Offset">How many bytes the server holds; the next <c>PATCH</c> starts here.</param>
/// <param name="CreatedAt">When the upload was created.</param>
/// <param name="ExpiresAt">
/// When the server deletes it unless a message references it by then (uploads no message references are orphans).
/// </param>
/// <param name="Completed">Whether the upload was completed with its digest and can be referenced and downloaded.</param>
public sealed record Upload(Guid Id, long Length, long Offset, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, bool Completed);
