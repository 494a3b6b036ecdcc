namespace Chatalot.Crypto;

/// <summary>A message was already decrypted once. The session is left exactly as it was.</summary>
public sealed class DuplicateMessageException : ChatalotCryptoException
{
    /// <summary>Creates the exception with the default code <see cref="CryptoErrorCode.DuplicateMessage"/>.</summary>
    /// <param name="message">A description that contains no secret.</param>
    public DuplicateMessageException(string message)
        : base(CryptoErrorCode.DuplicateMessage, message)
    {
    }

    /// <summary>Creates the exception with a more specific code.</summary>
    /// <param name="code">The stable error code.</param>
    /// <param name="message">A description that contains no secret.</param>
    public DuplicateMessageException(CryptoErrorCode code, string message)
        : base(code, message)
    {
    }
}
