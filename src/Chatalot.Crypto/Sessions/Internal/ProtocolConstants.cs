using System.Text;

namespace Chatalot.Crypto.Sessions.Internal;

/// <summary>Version bytes, message types, limits and KDF labels of docs/protocol/crypto.md.</summary>
internal static class ProtocolConstants
{
    /// <summary>First byte of every message this library produces (docs/protocol/crypto.md §1). Anything else is rejected, never "tried".</summary>
    public const byte Version = 0x02;

    public const byte TypePreKey = 0x01;
    public const byte TypeRatchet = 0x02;
    public const byte TypeSenderKey = 0x03;
    public const byte TypeSenderKeyDistribution = 0x04;
    public const byte TypeAttachment = 0x05;

    /// <summary>Message keys skipped in one chain step (§6.5).</summary>
    public const int MaxSkipPerStep = 1000;

    /// <summary>Skipped message keys kept per session, oldest evicted first (§6.5).</summary>
    public const int MaxSkippedKeys = 2000;

    /// <summary>
    /// Age at which a skipped message key is unusable and deleted (§6.5): as long as the signed prekey grace period, so
    /// a device that was offline for a month still reads what queued up, while no stored key outlives it.
    /// </summary>
    public static readonly TimeSpan MaxSkippedKeyAge = TimeSpan.FromDays(30);

    /// <summary>Archived session states kept per record for simultaneous initiation and late messages (§6.7).</summary>
    public const int MaxArchivedStates = 5;

    /// <summary>Previous receiving ratchet keys remembered to classify replays of old chains as duplicates.</summary>
    public const int MaxPreviousReceivingKeys = 8;

    public static readonly byte[] PqxdhInfo = Encoding.ASCII.GetBytes("Chatalot_PQXDH_X25519_SHA-256_ML-KEM-768_v2");
    public static readonly byte[] RootInfo = Encoding.ASCII.GetBytes("Chatalot_Ratchet_RootKey_v2");
    public static readonly byte[] MessageKeysInfo = Encoding.ASCII.GetBytes("Chatalot_Ratchet_MessageKeys_v2");
    public static readonly byte[] AssociatedDataLabel = Encoding.ASCII.GetBytes("Chatalot_AD_v2");
}
