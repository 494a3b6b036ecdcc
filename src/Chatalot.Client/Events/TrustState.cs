namespace Chatalot.Client;

/// <summary>How far the application can trust that a message really comes from the device it names.</summary>
public enum TrustState
{
    /// <summary>The sender's identity key was verified out of band (safety numbers compared).</summary>
    Verified = 0,

    /// <summary>
    /// The key is the one pinned on first use, or a changed key the application accepted (trust on first use).
    /// Messages from a device whose changed key is not accepted are not decrypted at all (see <see cref="IdentityChanged"/>).
    /// </summary>
    Trusted = 1,
}
