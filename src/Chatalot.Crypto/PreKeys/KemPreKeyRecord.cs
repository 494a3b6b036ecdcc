using System.Security.Cryptography;
using Chatalot.Crypto.Internal;
using Chatalot.Crypto.PreKeys.Internal;
using Chatalot.Crypto.Primitives.Internal;

namespace Chatalot.Crypto;

/// <summary>
/// A signed ML-KEM-768 prekey: either one-time (deleted after use) or the last-resort key that is handed out when
/// the one-time pool is empty and is never deleted on use (docs/protocol/crypto.md §4.1).
/// </summary>
public sealed class KemPreKeyRecord
{
    private const byte Version = 1;
    private readonly byte[] _seed;
    private readonly byte[] _publicKey;
    private readonly byte[] _signature;

    private KemPreKeyRecord(uint id, bool isLastResort, DateTimeOffset createdAt, byte[] seed, byte[] publicKey, byte[] signature)
    {
        Id = id;
        IsLastResort = isLastResort;
        CreatedAt = createdAt;
        _seed = seed;
        _publicKey = publicKey;
        _signature = signature;
    }

    /// <summary>The prekey id.</summary>
    public uint Id { get; }

    /// <summary>True for the last-resort key.</summary>
    public bool IsLastResort { get; }

    /// <summary>When the key was generated.</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>The ML-KEM-768 encapsulation key (1184 bytes).</summary>
    public ReadOnlyMemory<byte> PublicKey => _publicKey;

    /// <summary>The identity key's Ed25519 signature over "Chatalot_KemPreKey_v2" ‖ id ‖ kind ‖ public key.</summary>
    public ReadOnlyMemory<byte> Signature => _signature;

    internal ReadOnlySpan<byte> Seed => _seed;

    /// <summary>Generates and signs an ML-KEM-768 prekey.</summary>
    /// <param name="identity">The identity that signs it.</param>
    /// <param name="id">The prekey id.</param>
    /// <param name="isLastResort">True for the last-resort key.</param>
    /// <param name="createdAt">The creation time.</param>
    /// <param name="provider">The provider; <see cref="CryptoProvider.Default"/> when null.</param>
    /// <returns>The record.</returns>
    public static KemPreKeyRecord Generate(IdentityKeyPair identity, uint id, bool isLastResort, DateTimeOffset createdAt, CryptoProvider? provider = null)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var primitives = (provider ?? CryptoProvider.Default).Primitives;
        var seed = new byte[MlKem768.SeedSize];
        primitives.FillRandom(seed);
        var publicKey = new byte[MlKem768.PublicKeySize];
        primitives.MlKem768GenerateKeyPair(seed, publicKey);
        var signature = new byte[64];
        identity.Sign(PreKeySignatures.KemPreKeyMessage(id, isLastResort, publicKey), signature, primitives);
        return new KemPreKeyRecord(id, isLastResort, createdAt, seed, publicKey, signature);
    }

    /// <summary>Serialises the record, private seed included (secret; for the store).</summary>
    /// <returns>The serialised record.</returns>
    public byte[] Serialize()
    {
        using var writer = new WireWriter(1400);
        writer.WriteByte(Version);
        writer.WriteUInt32(Id);
        writer.WriteBool(IsLastResort);
        writer.WriteInt64(CreatedAt.ToUnixTimeMilliseconds());
        writer.Write(_seed);
        writer.Write(_publicKey);
        writer.Write(_signature);
        return writer.ToArray();
    }

    /// <summary>Reads a record written by <see cref="Serialize"/>.</summary>
    /// <param name="data">The serialised record.</param>
    /// <returns>The record.</returns>
    /// <exception cref="InvalidStateException">The data is malformed.</exception>
    public static KemPreKeyRecord Deserialize(ReadOnlySpan<byte> data)
    {
        var reader = new WireReader(data, static m => new InvalidStateException(m));
        if (reader.ReadByte() != Version)
        {
            throw new InvalidStateException("Unsupported KEM prekey record version.");
        }

        var id = reader.ReadUInt32();
        var lastResort = reader.ReadBool();
        var millis = reader.ReadInt64();
        if (millis < -62135596800000 || millis > 253402300799999)
        {
            throw new InvalidStateException("Timestamp out of range.");
        }

        var record = new KemPreKeyRecord(id, lastResort, DateTimeOffset.FromUnixTimeMilliseconds(millis),
            reader.ReadArray(MlKem768.SeedSize), reader.ReadArray(MlKem768.PublicKeySize), reader.ReadArray(64));
        reader.EnsureEnd();
        return record;
    }

    /// <summary>Wipes the private seed.</summary>
    public void Wipe() => CryptographicOperations.ZeroMemory(_seed);

    /// <inheritdoc />
    public override string ToString() => $"KemPreKeyRecord({Id}, lastResort: {IsLastResort})";
}
