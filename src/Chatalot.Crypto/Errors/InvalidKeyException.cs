namespace Chatalot.Crypto;

/// <summary>A key or signature is invalid.</summary>
public sealed class InvalidKeyException : ChatalotCryptoException
{
    /// <summary>Creates the exception with the default code <see cref="CryptoErrorCode.InvalidKey"/>.</summary>
    /// <param name="message">A description that contains no secret.</param>
    public InvalidKeyException(string message)
        : base(CryptoErrorCode.InvalidKey, message)
    {
    }

    /// <summary>Creates the exception with a more specific code.</summary>
    /// <param name="code">The stable error code.</param>
    /// <param name="message">A description that contains no secret.</param>
    public InvalidKeyException(CryptoErrorCode code, string message)
        : base(code, message)
    {
    }
}
