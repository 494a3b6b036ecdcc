namespace Chatalot.Protocol.Attachments;

/// <summary>
/// Body of <c>POST /api/v1/uploads/{id}/complete</c>: closes an upload whose every byte arrived. The server compares
/// <paramref name="Digest"/> with the SHA-256 of what it stored and refuses a mismatch (<c>digest_mismatch</c>), so a
/// corrupted upload is caught before anyone references it.
/// </summary>
/// <param name="Digest">SHA-256 of the whole ciphertext, 32 bytes (the digest the message will carry).</param>
public sealed record CompleteUploadRequest(byte[] Digest);
