namespace Chatalot.Crypto;

/// <summary>A message is malformed, forged, truncated or does not authenticate. The session is left exactly as it was.</summary>
public sealed class InvalidMessageException : ChatalotCryptoException
{
    /// <summary>Creates the exception with the default code <see cref="CryptoErrorCode.InvalidMessage"/>.</summary>
    /// <param name="message">A description that contains no secret.</param>
    public InvalidMessageException(string message)
        : base(CryptoErrorCode.InvalidMessage, message)
    {
    }

    /// <summary>Creates the exception with a more specific code.</summary>
    /// <param name="code">The stable error code.</param>
    /// <param name="message">A description that contains no secret.</param>
    public InvalidMessageException(CryptoErrorCode code, string message)
        : base(code, message)
    {
    }
}
