namespace Chatalot.Client;

/// <summary>What the client does when a contact device's identity key differs from the pinned one (crypto.md §9.2).</summary>
public enum IdentityChangePolicy
{
    /// <summary>
    /// Raise <see cref="IdentityChanged"/> and refuse to send to, or decrypt from, that device until the application
    /// calls <c>ChatalotClient.AcceptIdentityAsync</c> (after the user compared safety numbers). The safe default.
    /// </summary>
    BlockUntilAccepted = 0,

    /// <summary>Raise <see cref="IdentityChanged"/> and accept the new key at once (suits unattended bots).</summary>
    TrustNewKeys = 1,
}
