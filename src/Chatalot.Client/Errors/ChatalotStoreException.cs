namespace Chatalot.Client;

/// <summary>
/// The local persistent store failed: wrong key or passphrase, a record that does not authenticate (tampered or
/// swapped), or an unusable database. Codes start with <c>store_</c> (see <see cref="ClientErrorCodes"/>).
/// </summary>
public sealed class ChatalotStoreException : ChatalotClientException
{
    /// <summary>Creates a store exception.</summary>
    /// <param name="code">A <c>store_*</c> code from <see cref="ClientErrorCodes"/>.</param>
    /// <param name="message">A description without secrets.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    public ChatalotStoreException(string code, string message, Exception? innerException = null)
        : base(code, message, innerException)
    {
    }
}
