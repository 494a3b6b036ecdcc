namespace Chatalot.Client.Attachments;

/// <summary>How far a file transfer got: reported through <see cref="IProgress{T}"/> at least once per chunk.</summary>
/// <param name="BytesTransferred">
/// For an upload, the ciphertext bytes the server acknowledged; for a download, the plaintext bytes verified and handed
/// on so far.
/// </param>
/// <param name="TotalBytes">The bytes the transfer will have moved when done (ciphertext for uploads, plaintext for downloads).</param>
public readonly record struct TransferProgress(long BytesTransferred, long TotalBytes)
{
    /// <summary>The fraction done, from 0 to 1 (1 for an empty transfer).</summary>
    public double Fraction => TotalBytes <= 0 ? 1 : Math.Clamp((double)BytesTransferred / TotalBytes, 0, 1);
}
