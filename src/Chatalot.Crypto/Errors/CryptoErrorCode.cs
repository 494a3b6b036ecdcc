namespace Chatalot.Crypto;

/// <summary>
/// Stable error codes of <see cref="ChatalotCryptoException"/>. The numeric values are part of the contract
/// (docs/protocol/crypto.md §11) and are never reused.
/// </summary>
public enum CryptoErrorCode
{
    /// <summary>The input is malformed, forged, truncated or fails authentication.</summary>
    InvalidMessage = 1,

    /// <summary>The message was already decrypted (a replay or a duplicate delivery).</summary>
    DuplicateMessage = 2,

    /// <summary>The peer's identity key differs from the pinned one and has not been approved.</summary>
    UntrustedIdentity = 3,

    /// <summary>A key is malformed or not a valid curve point.</summary>
    InvalidKey = 4,

    /// <summary>A signature (prekey, sender-key message) does not verify.</summary>
    InvalidSignature = 5,

    /// <summary>There is no session with the address.</summary>
    NoSession = 6,

    /// <summary>A prekey referenced by a message is unknown or already consumed.</summary>
    MissingPreKey = 7,

    /// <summary>The message would skip more message keys than allowed (1,000 per chain step).</summary>
    TooManySkippedMessages = 8,

    /// <summary>A serialised record is malformed or of an unsupported version.</summary>
    InvalidState = 9,

    /// <summary>There is no sender key for the (channel, sender) pair or the chain id is unknown.</summary>
    NoSenderKey = 10,

    /// <summary>An attachment failed its integrity checks (tampered, truncated, reordered, extended or wrong digest).</summary>
    AttachmentIntegrity = 11,

    /// <summary>The requested primitive provider cannot run on this runtime.</summary>
    ProviderUnavailable = 12,

    /// <summary>The message uses a protocol version this library does not accept.</summary>
    UnsupportedVersion = 13,
}
