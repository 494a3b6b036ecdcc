namespace Chatalot.Crypto;

/// <summary>A prekey referenced by an incoming message is unknown or already consumed.</summary>
public sealed class MissingPreKeyException : ChatalotCryptoException
{
    /// <summary>Creates the exception with the default code <see cref="CryptoErrorCode.MissingPreKey"/>.</summary>
    /// <param name="message">A description that contains no secret.</param>
    public MissingPreKeyException(string message)
        : base(CryptoErrorCode.MissingPreKey, message)
    {
    }

    /// <summary>Creates the exception with a more specific code.</summary>
    /// <param name="code">The stable error code.</param>
    /// <param name="message">A description that contains no secret.</param>
    public MissingPreKeyException(CryptoErrorCode code, string message)
        : base(code, message)
    {
    }
}
