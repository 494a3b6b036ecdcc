using System.Security.Cryptography;
using Chatalot.Crypto.Primitives.Internal;

namespace Chatalot.Crypto.Sessions.Internal;

/// <summary>
/// One Double Ratchet session state (Signal Double Ratchet spec §3.2). Mutated only by <see cref="Encrypt"/> and
/// by a decrypt that authenticated; everything else works on a clone (docs/protocol/crypto.md §6.4).
/// </summary>
internal sealed partial class RatchetState
{
    private byte[] _rootKey = new byte[32];
    private byte[] _sendingPrivate = new byte[32];
    private byte[] _sendingPublic = new byte[32];
    private byte[]? _receivingPublic;
    private byte[]? _sendingChainKey;
    private byte[]? _receivingChainKey;
    private List<SkippedKey> _skipped = [];
    private List<byte[]> _previousReceivingKeys = [];
    private List<byte[]> _evicted = [];

    private RatchetState(byte[] associatedData, IdentityKey localIdentity, IdentityKey remoteIdentity, byte[] baseKey)
    {
        AssociatedData = associatedData;
        LocalIdentity = localIdentity;
        RemoteIdentity = remoteIdentity;
        BaseKey = baseKey;
    }

    /// <summary>AD = label ‖ IK_A ‖ IK_B ‖ EK_A ‖ address_A ‖ address_B (docs/protocol/crypto.md §5.3), prefixed to every message header.</summary>
    public byte[] AssociatedData { get; }

    public IdentityKey LocalIdentity { get; }

    public IdentityKey RemoteIdentity { get; }

    /// <summary>The initiator's PQXDH ephemeral key, which names the session (replayed prekey messages map to it).</summary>
    public byte[] BaseKey { get; }

    /// <summary>
    /// SHA-256 of the prekey-message prefix that created the session (§5.2). A later prekey message is routed to this
    /// session only when its whole prefix is identical, so no prefix byte is malleable.
    /// </summary>
    public byte[] SessionId { get; set; } = new byte[32];

    public uint SendCount { get; private set; }

    public uint ReceiveCount { get; private set; }

    public uint PreviousSendCount { get; private set; }

    public PendingPreKey? Pending { get; set; }

    public int SkippedKeyCount => _skipped.Count;

    public ReadOnlySpan<byte> SendingRatchetKey => _sendingPublic;

    /// <summary>RatchetInitAlice: DHs fresh, DHr = SPK_B, (RK, CKs) = KDF_RK(SK, DH(DHs, DHr)).</summary>
    public static RatchetState InitializeInitiator(CryptoPrimitives primitives, ReadOnlySpan<byte> sharedKey, ReadOnlySpan<byte> remoteSignedPreKey,
        byte[] associatedData, IdentityKey localIdentity, IdentityKey remoteIdentity, byte[] baseKey, PendingPreKey pending)
    {
        var state = new RatchetState(associatedData, localIdentity, remoteIdentity, baseKey) { Pending = pending };
        primitives.FillRandom(state._sendingPrivate);
        primitives.X25519PublicKey(state._sendingPrivate, state._sendingPublic);
        state._receivingPublic = remoteSignedPreKey.ToArray();
        Span<byte> dh = stackalloc byte[32];
        if (!primitives.X25519Agree(state._sendingPrivate, remoteSignedPreKey, dh))
        {
            throw new InvalidKeyException("The signed prekey is a low-order point.");
        }

        state._sendingChainKey = new byte[32];
        RatchetKdf.RootKey(primitives, sharedKey, dh, state._rootKey, state._sendingChainKey);
        CryptographicOperations.ZeroMemory(dh);
        return state;
    }

    /// <summary>RatchetInitBob: DHs = the signed prekey pair, RK = SK, no chains yet.</summary>
    public static RatchetState InitializeResponder(ReadOnlySpan<byte> sharedKey, ReadOnlySpan<byte> signedPreKeyPrivate, ReadOnlySpan<byte> signedPreKeyPublic,
        byte[] associatedData, IdentityKey localIdentity, IdentityKey remoteIdentity, byte[] baseKey)
    {
        var state = new RatchetState(associatedData, localIdentity, remoteIdentity, baseKey);
        sharedKey.CopyTo(state._rootKey);
        signedPreKeyPrivate.CopyTo(state._sendingPrivate);
        signedPreKeyPublic.CopyTo(state._sendingPublic);
        return state;
    }

    public bool CanSend => _sendingChainKey is not null;

    /// <summary>
    /// RatchetEncrypt (§6.3): writes header ‖ AEAD(mk, plaintext, AD ‖ header) into <paramref name="destination"/>,
    /// which must be <see cref="RatchetMessage.GetLength"/> bytes.
    /// </summary>
    public void Encrypt(CryptoPrimitives primitives, ReadOnlySpan<byte> plaintext, Span<byte> destination)
    {
        if (_sendingChainKey is null)
        {
            throw new NoSessionException("The session cannot send before it has received a message.");
        }

        if (SendCount == uint.MaxValue)
        {
            throw new InvalidStateException("The sending chain is exhausted.");
        }

        Span<byte> seed = stackalloc byte[32];
        Span<byte> keys = stackalloc byte[44];
        RatchetKdf.ChainKey(primitives, _sendingChainKey, seed, _sendingChainKey);
        RatchetKdf.MessageKeys(primitives, seed, ProtocolConstants.MessageKeysInfo, keys);

        RatchetMessage.WriteHeader(destination, _sendingPublic, PreviousSendCount, SendCount);
        Seal(primitives, keys, destination[..RatchetMessage.HeaderSize], plaintext, destination[RatchetMessage.HeaderSize..]);
        SendCount++;
        CryptographicOperations.ZeroMemory(seed);
        CryptographicOperations.ZeroMemory(keys);
    }

    public RatchetState Clone()
    {
        var clone = new RatchetState(AssociatedData, LocalIdentity, RemoteIdentity, BaseKey)
        {
            _rootKey = (byte[])_rootKey.Clone(),
            _sendingPrivate = (byte[])_sendingPrivate.Clone(),
            _sendingPublic = (byte[])_sendingPublic.Clone(),
            _receivingPublic = (byte[]?)_receivingPublic?.Clone(),
            _sendingChainKey = (byte[]?)_sendingChainKey?.Clone(),
            _receivingChainKey = (byte[]?)_receivingChainKey?.Clone(),
            _skipped = new List<SkippedKey>(_skipped),
            _previousReceivingKeys = new List<byte[]>(_previousReceivingKeys),
            SendCount = SendCount,
            ReceiveCount = ReceiveCount,
            PreviousSendCount = PreviousSendCount,
            Pending = Pending,
            SessionId = SessionId,
        };
        return clone;
    }

    /// <summary>Adopts the fields of an authenticated clone (the commit of a transactional decrypt).</summary>
    private void CommitFrom(RatchetState other)
    {
        Wipe(_rootKey, other._rootKey);
        Wipe(_sendingPrivate, other._sendingPrivate);
        Wipe(_sendingChainKey, other._sendingChainKey);
        Wipe(_receivingChainKey, other._receivingChainKey);
        _rootKey = other._rootKey;
        _sendingPrivate = other._sendingPrivate;
        _sendingPublic = other._sendingPublic;
        _receivingPublic = other._receivingPublic;
        _sendingChainKey = other._sendingChainKey;
        _receivingChainKey = other._receivingChainKey;
        _skipped = other._skipped;
        _previousReceivingKeys = other._previousReceivingKeys;
        SendCount = other.SendCount;
        ReceiveCount = other.ReceiveCount;
        PreviousSendCount = other.PreviousSendCount;
        Pending = other.Pending;
        foreach (var seed in other._evicted)
        {
            CryptographicOperations.ZeroMemory(seed);
        }

        other._evicted = [];

        static void Wipe(byte[]? old, byte[]? replacement)
        {
            if (old is not null && !ReferenceEquals(old, replacement))
            {
                CryptographicOperations.ZeroMemory(old);
            }
        }
    }

    private void Seal(CryptoPrimitives primitives, ReadOnlySpan<byte> keys, ReadOnlySpan<byte> header, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext)
    {
        var adLength = AssociatedData.Length + header.Length;
        Span<byte> ad = adLength <= 1024 ? stackalloc byte[adLength] : new byte[adLength];
        AssociatedData.CopyTo(ad);
        header.CopyTo(ad[AssociatedData.Length..]);
        primitives.AeadEncrypt(keys[..32], keys[32..44], plaintext, ad, ciphertext);
    }

    private bool Open(CryptoPrimitives primitives, ReadOnlySpan<byte> seed, ReadOnlySpan<byte> header, ReadOnlySpan<byte> ciphertext, Span<byte> plaintext)
    {
        Span<byte> keys = stackalloc byte[44];
        RatchetKdf.MessageKeys(primitives, seed, ProtocolConstants.MessageKeysInfo, keys);
        var adLength = AssociatedData.Length + header.Length;
        Span<byte> ad = adLength <= 1024 ? stackalloc byte[adLength] : new byte[adLength];
        AssociatedData.CopyTo(ad);
        header.CopyTo(ad[AssociatedData.Length..]);
        var ok = primitives.AeadDecrypt(keys[..32], keys[32..44], ciphertext, ad, plaintext);
        CryptographicOperations.ZeroMemory(keys);
        return ok;
    }
}
