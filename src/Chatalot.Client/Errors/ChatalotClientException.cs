namespace Chatalot.Client;

/// <summary>
/// Root of every exception the client SDK throws on purpose. <see cref="Code"/> is a stable, documented error code
/// (one of <see cref="ClientErrorCodes"/>, or the server's code from <c>Chatalot.Protocol.Errors.ErrorCodes</c> for API errors)
/// that applications can switch on; messages never contain key material, tokens or message text.
/// </summary>
public class ChatalotClientException : Exception
{
    /// <summary>Creates an exception with a stable error code.</summary>
    /// <param name="code">The stable error code.</param>
    /// <param name="message">A human-readable description without secrets.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    public ChatalotClientException(string code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        Code = code;
    }

    /// <summary>The stable error code.</summary>
    public string Code { get; }
}
