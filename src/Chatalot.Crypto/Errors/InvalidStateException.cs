namespace Chatalot.Crypto;

/// <summary>A serialised record cannot be read.</summary>
public sealed class InvalidStateException : ChatalotCryptoException
{
    /// <summary>Creates the exception with the default code <see cref="CryptoErrorCode.InvalidState"/>.</summary>
    /// <param name="message">A description that contains no secret.</param>
    public InvalidStateException(string message)
        : base(CryptoErrorCode.InvalidState, message)
    {
    }

    /// <summary>Creates the exception with a more specific code.</summary>
    /// <param name="code">The stable error code.</param>
    /// <param name="message">A description that contains no secret.</param>
    public InvalidStateException(CryptoErrorCode code, string message)
        : base(code, message)
    {
    }
}
