using System.Security.Cryptography;
using Chatalot.Crypto.Internal;
using Chatalot.Crypto.PreKeys.Internal;

namespace Chatalot.Crypto;

/// <summary>
/// A signed X25519 prekey with its private key. Rotated on a schedule; the previous one is kept for a grace
/// period so that sessions started from a cached bundle still complete (docs/protocol/crypto.md §4.3).
/// </summary>
public sealed class SignedPreKeyRecord
{
    private const byte Version = 1;
    private readonly byte[] _privateKey;
    private readonly byte[] _publicKey;
    private readonly byte[] _signature;

    private SignedPreKeyRecord(uint id, DateTimeOffset createdAt, byte[] privateKey, byte[] publicKey, byte[] signature)
    {
        Id = id;
        CreatedAt = createdAt;
        _privateKey = privateKey;
        _publicKey = publicKey;
        _signature = signature;
    }

    /// <summary>The prekey id.</summary>
    public uint Id { get; }

    /// <summary>When the key was generated.</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>The X25519 public key (32 bytes).</summary>
    public ReadOnlyMemory<byte> PublicKey => _publicKey;

    /// <summary>The identity key's Ed25519 signature over "Chatalot_SignedPreKey_v2" ‖ id ‖ public key.</summary>
    public ReadOnlyMemory<byte> Signature => _signature;

    internal ReadOnlySpan<byte> PrivateKey => _privateKey;

    /// <summary>Generates and signs a prekey.</summary>
    /// <param name="identity">The identity that signs it.</param>
    /// <param name="id">The prekey id.</param>
    /// <param name="createdAt">The creation time (from a <see cref="TimeProvider"/>).</param>
    /// <param name="provider">The provider; <see cref="CryptoProvider.Default"/> when null.</param>
    /// <returns>The record.</returns>
    public static SignedPreKeyRecord Generate(IdentityKeyPair identity, uint id, DateTimeOffset createdAt, CryptoProvider? provider = null)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var primitives = (provider ?? CryptoProvider.Default).Primitives;
        var privateKey = new byte[32];
        primitives.FillRandom(privateKey);
        var publicKey = new byte[32];
        primitives.X25519PublicKey(privateKey, publicKey);
        var signature = new byte[64];
        identity.Sign(PreKeySignatures.SignedPreKeyMessage(id, publicKey), signature, primitives);
        return new SignedPreKeyRecord(id, createdAt, privateKey, publicKey, signature);
    }

    /// <summary>Serialises the record, private key included (secret; for the store).</summary>
    /// <returns>The serialised record.</returns>
    public byte[] Serialize()
    {
        using var writer = new WireWriter(160);
        writer.WriteByte(Version);
        writer.WriteUInt32(Id);
        writer.WriteInt64(CreatedAt.ToUnixTimeMilliseconds());
        writer.Write(_privateKey);
        writer.Write(_publicKey);
        writer.Write(_signature);
        return writer.ToArray();
    }

    /// <summary>Reads a record written by <see cref="Serialize"/>.</summary>
    /// <param name="data">The serialised record.</param>
    /// <returns>The record.</returns>
    /// <exception cref="InvalidStateException">The data is malformed.</exception>
    public static SignedPreKeyRecord Deserialize(ReadOnlySpan<byte> data)
    {
        var reader = new WireReader(data, static m => new InvalidStateException(m));
        if (reader.ReadByte() != Version)
        {
            throw new InvalidStateException("Unsupported signed prekey record version.");
        }

        var id = reader.ReadUInt32();
        var millis = reader.ReadInt64();
        if (millis < -62135596800000 || millis > 253402300799999)
        {
            throw new InvalidStateException("Timestamp out of range.");
        }

        var record = new SignedPreKeyRecord(id, DateTimeOffset.FromUnixTimeMilliseconds(millis), reader.ReadArray(32), reader.ReadArray(32), reader.ReadArray(64));
        reader.EnsureEnd();
        return record;
    }

    /// <summary>Wipes the private key.</summary>
    public void Wipe() => CryptographicOperations.ZeroMemory(_privateKey);

    /// <inheritdoc />
    public override string ToString() => $"SignedPreKeyRecord({Id}, {CreatedAt:O})";
}
