namespace Chatalot.Crypto;

/// <summary>There is no session (or sender key) to use.</summary>
public sealed class NoSessionException : ChatalotCryptoException
{
    /// <summary>Creates the exception with the default code <see cref="CryptoErrorCode.NoSession"/>.</summary>
    /// <param name="message">A description that contains no secret.</param>
    public NoSessionException(string message)
        : base(CryptoErrorCode.NoSession, message)
    {
    }

    /// <summary>Creates the exception with a more specific code.</summary>
    /// <param name="code">The stable error code.</param>
    /// <param name="message">A description that contains no secret.</param>
    public NoSessionException(CryptoErrorCode code, string message)
        : base(code, message)
    {
    }
}
