namespace Chatalot.Client;

/// <summary>Why an incoming message could not be decrypted.</summary>
public enum UndecryptableReason
{
    /// <summary>There is no session with the sending device and the message does not start one.</summary>
    NoSession = 0,

    /// <summary>The channel's sender key from that device has not (yet) been received.</summary>
    MissingSenderKey = 1,

    /// <summary>The message failed authentication: forged, corrupted or not addressed to this device.</summary>
    AuthenticationFailed = 2,

    /// <summary>The message was already decrypted once (a replay); its keys were deleted for forward secrecy.</summary>
    Duplicate = 3,

    /// <summary>The message carries no ciphertext for this device.</summary>
    NotForThisDevice = 4,

    /// <summary>The envelope is malformed or uses an unsupported protocol version.</summary>
    Malformed = 5,

    /// <summary>The sender's identity key changed and the policy refuses messages until the new key is accepted.</summary>
    IdentityNotAccepted = 6,

    /// <summary>
    /// The message decrypted, but what it binds (conversation, sender, client message id or target) disagrees with what
    /// the server reports (content.md §2): the server moved, re-attributed or re-attached it.
    /// </summary>
    ContextMismatch = 7,

    /// <summary>The sender's device refused to share the key (this device was not entitled to the message).</summary>
    KeyWithheld = 8,

    /// <summary>
    /// The message decrypted, but its franking commitment is missing or does not open to its plaintext (crypto.md §14):
    /// it could not be reported, so it is not shown.
    /// </summary>
    FrankingFailed = 9,

    /// <summary>
    /// The sending device is not in its account's signed device list (crypto.md §15.2): a device the server added, or one
    /// the account removed. Nothing was decrypted.
    /// </summary>
    UnlistedDevice = 10,
}
