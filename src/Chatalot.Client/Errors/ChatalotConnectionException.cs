namespace Chatalot.Client;

/// <summary>
/// The gateway connection could not be established or was closed in a way the client cannot recover from
/// automatically (for example the session was revoked, or the reconnect policy gave up).
/// </summary>
public sealed class ChatalotConnectionException : ChatalotClientException
{
    /// <summary>Creates a connection exception.</summary>
    /// <param name="code">A stable code from <see cref="ClientErrorCodes"/> or the server's close reason.</param>
    /// <param name="message">A description without secrets.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    public ChatalotConnectionException(string code, string message, Exception? innerException = null)
        : base(code, message, innerException)
    {
    }
}
