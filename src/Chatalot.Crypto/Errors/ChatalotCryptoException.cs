namespace Chatalot.Crypto;

/// <summary>
/// Root of every error raised by Chatalot.Crypto. The <see cref="Code"/> is stable; the message never contains
/// key material or plaintext.
/// </summary>
public class ChatalotCryptoException : Exception
{
    /// <summary>Creates an exception with a code and a message.</summary>
    /// <param name="code">The stable error code.</param>
    /// <param name="message">A human-readable description that contains no secret.</param>
    public ChatalotCryptoException(CryptoErrorCode code, string message)
        : base(message)
    {
        Code = code;
    }

    /// <summary>Creates an exception with a code, a message and an inner exception.</summary>
    /// <param name="code">The stable error code.</param>
    /// <param name="message">A human-readable description that contains no secret.</param>
    /// <param name="innerException">The underlying cause.</param>
    public ChatalotCryptoException(CryptoErrorCode code, string message, Exception? innerException)
        : base(message, innerException)
    {
        Code = code;
    }

    /// <summary>The stable error code.</summary>
    public CryptoErrorCode Code { get; }
}
