namespace Chatalot.Protocol.Attachments;

/// <summary>HTTP header names and values of the upload routes (rest.md §Attachments), shared by server and client.</summary>
public static class UploadHeaders
{
    /// <summary>
    /// On a <c>PATCH</c>: where the body starts, which must equal the server's offset (else <c>409 offset_mismatch</c>,
    /// nothing written). On its answer, and on a <c>409 offset_mismatch</c>: the server's offset.
    /// </summary>
    public const string Offset = "Upload-Offset";

    /// <summary>
    /// Optional on a <c>PATCH</c>: <c>sha256 &lt;base64 of the body's SHA-256&gt;</c>. With it, a body that does not match
    /// (a truncated or altered chunk) is refused with <c>422 checksum_mismatch</c> and nothing is written; without it, a
    /// body cut short by a dropped connection keeps the bytes that arrived, and the client resumes from the offset.
    /// </summary>
    public const string Checksum = "Upload-Checksum";

    /// <summary>The content type every <c>PATCH</c> body must have (else <c>415 malformed_request</c>).</summary>
    public const string ChunkContentType = "application/offset+octet-stream";

    /// <summary>The only checksum algorithm of <see cref="Checksum"/>.</summary>
    public const string ChecksumAlgorithm = "sha256";
}
