using System.Security.Cryptography;
using Chatalot.Crypto.Internal;

namespace Chatalot.Crypto;

/// <summary>A one-time X25519 prekey with its private key. Consumed by the first message that authenticates with it.</summary>
public sealed class PreKeyRecord
{
    private const byte Version = 1;
    private readonly byte[] _privateKey;
    private readonly byte[] _publicKey;

    private PreKeyRecord(uint id, byte[] privateKey, byte[] publicKey)
    {
        Id = id;
        _privateKey = privateKey;
        _publicKey = publicKey;
    }

    /// <summary>The prekey id.</summary>
    public uint Id { get; }

    /// <summary>The X25519 public key (32 bytes), to upload.</summary>
    public ReadOnlyMemory<byte> PublicKey => _publicKey;

    internal ReadOnlySpan<byte> PrivateKey => _privateKey;

    /// <summary>Generates a one-time prekey.</summary>
    /// <param name="id">The prekey id.</param>
    /// <param name="provider">The provider; <see cref="CryptoProvider.Default"/> when null.</param>
    /// <returns>The record.</returns>
    public static PreKeyRecord Generate(uint id, CryptoProvider? provider = null)
    {
        var primitives = (provider ?? CryptoProvider.Default).Primitives;
        var privateKey = new byte[32];
        primitives.FillRandom(privateKey);
        var publicKey = new byte[32];
        primitives.X25519PublicKey(privateKey, publicKey);
        return new PreKeyRecord(id, privateKey, publicKey);
    }

    /// <summary>Serialises the record, private key included (secret; for the store).</summary>
    /// <returns>The serialised record.</returns>
    public byte[] Serialize()
    {
        using var writer = new WireWriter(80);
        writer.WriteByte(Version);
        writer.WriteUInt32(Id);
        writer.Write(_privateKey);
        writer.Write(_publicKey);
        return writer.ToArray();
    }

    /// <summary>Reads a record written by <see cref="Serialize"/>.</summary>
    /// <param name="data">The serialised record.</param>
    /// <returns>The record.</returns>
    /// <exception cref="InvalidStateException">The data is malformed.</exception>
    public static PreKeyRecord Deserialize(ReadOnlySpan<byte> data)
    {
        var reader = new WireReader(data, static m => new InvalidStateException(m));
        if (reader.ReadByte() != Version)
        {
            throw new InvalidStateException("Unsupported prekey record version.");
        }

        var record = new PreKeyRecord(reader.ReadUInt32(), reader.ReadArray(32), reader.ReadArray(32));
        reader.EnsureEnd();
        return record;
    }

    /// <summary>Wipes the private key.</summary>
    public void Wipe() => CryptographicOperations.ZeroMemory(_privateKey);

    /// <inheritdoc />
    public override string ToString() => $"PreKeyRecord({Id})";
}
