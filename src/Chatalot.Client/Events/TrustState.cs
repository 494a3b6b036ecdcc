namespace Chatalot.Client;

/// <summary>How far the application can trust that a message really comes from the device it names.</summary>
public enum TrustState
{
    /// <summary>The sender's identity key was verified out of band (safety numbers compared).</summary>
    Verified = 0,

    /// <summary>The key is the one pinned on first use and has never changed (trust on first use).</summary>
    Trusted = 1,

    /// <summary>The message decrypted, but the sender's identity key changed and the new key is not yet accepted.</summary>
    IdentityChanged = 2,
}
