namespace Chatalot.Crypto;

/// <summary>The type byte (second byte) of every Chatalot v2 message (docs/protocol/crypto.md §1).</summary>
public enum CiphertextMessageType
{
    /// <summary>Not a Chatalot v2 message (unknown version or type).</summary>
    Unknown = 0,

    /// <summary>A pairwise message that also carries the PQXDH values; sent until the peer's first reply.</summary>
    PreKey = 1,

    /// <summary>A pairwise Double Ratchet message.</summary>
    Ratchet = 2,

    /// <summary>A signed group message encrypted with a sender key.</summary>
    SenderKey = 3,

    /// <summary>A sender-key distribution message (only ever sent inside a pairwise message).</summary>
    SenderKeyDistribution = 4,

    /// <summary>An encrypted attachment stream.</summary>
    Attachment = 5,
}
