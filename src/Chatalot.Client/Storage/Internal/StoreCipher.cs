using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;

namespace Chatalot.Client.Storage.Internal;

/// <summary>
/// Record encryption of the local store. A 32-byte master key (raw, or Argon2id of the passphrase) is split with
/// HKDF-SHA256 into an XChaCha20-Poly1305 key and an HMAC-SHA256 key. Rows are looked up by
/// HMAC(kind ‖ 0 ‖ key), so the file does not reveal which users or devices the client has sessions with, and each
/// row is sealed with the kind and lookup id as associated data, so that rows cannot be swapped between records or
/// tables without failing authentication. Random 192-bit nonces make nonce reuse negligible without a counter.
/// </summary>
internal sealed class StoreCipher : IDisposable
{
    public const int SaltSize = 16;
    private const string Domain = "chatalot-store-v1";
    private static readonly AeadAlgorithm Aead = AeadAlgorithm.XChaCha20Poly1305;

    private readonly Key _encryptionKey;
    private readonly byte[] _macKey;

    private StoreCipher(ReadOnlySpan<byte> masterKey)
    {
        Span<byte> encryption = stackalloc byte[32];
        try
        {
            HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, encryption, salt: [], info: Encoding.ASCII.GetBytes(Domain + " encryption"));
            _encryptionKey = Key.Import(Aead, encryption, KeyBlobFormat.RawSymmetricKey);
            _macKey = new byte[32];
            HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, _macKey, salt: [], info: Encoding.ASCII.GetBytes(Domain + " lookup"));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(encryption);
        }
    }

    public static StoreCipher FromRawKey(ReadOnlySpan<byte> key) => new(key);

    public static StoreCipher FromPassphrase(ReadOnlySpan<byte> passphrase, ReadOnlySpan<byte> salt, int memoryKiB, int passes)
    {
        var argon = PasswordBasedKeyDerivationAlgorithm.Argon2id(new Argon2Parameters
        {
            DegreeOfParallelism = 1,
            MemorySize = memoryKiB,
            NumberOfPasses = passes,
        });
        var master = argon.DeriveBytes(passphrase, salt, 32);
        try
        {
            return new StoreCipher(master);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(master);
        }
    }

    public byte[] LookupId(string kind, string key)
    {
        var input = Encoding.UTF8.GetBytes(kind + "\0" + key);
        return HMACSHA256.HashData(_macKey, input);
    }

    /// <summary>Seals <c>len(key) ‖ key ‖ value</c>; the stored blob is <c>nonce ‖ ciphertext</c>.</summary>
    public byte[] Seal(string kind, byte[] lookupId, string key, ReadOnlySpan<byte> value)
    {
        var keyBytes = Encoding.UTF8.GetBytes(key);
        var plaintext = new byte[4 + keyBytes.Length + value.Length];
        try
        {
            BinaryPrimitives.WriteInt32BigEndian(plaintext, keyBytes.Length);
            keyBytes.CopyTo(plaintext, 4);
            value.CopyTo(plaintext.AsSpan(4 + keyBytes.Length));
            var nonce = RandomNumberGenerator.GetBytes(Aead.NonceSize);
            var sealedBytes = Aead.Encrypt(_encryptionKey, nonce, AssociatedData(kind, lookupId), plaintext);
            return [.. nonce, .. sealedBytes];
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>Opens a blob sealed by <see cref="Seal"/>; throws <see cref="ChatalotStoreException"/> if it does not authenticate.</summary>
    public (string Key, byte[] Value) Open(string kind, byte[] lookupId, ReadOnlySpan<byte> blob)
    {
        if (blob.Length < Aead.NonceSize + Aead.TagSize + 4)
        {
            throw Corrupt(kind);
        }

        var plaintext = new byte[blob.Length - Aead.NonceSize - Aead.TagSize];
        try
        {
            if (!Aead.Decrypt(_encryptionKey, blob[..Aead.NonceSize], AssociatedData(kind, lookupId), blob[Aead.NonceSize..], plaintext))
            {
                throw Corrupt(kind);
            }

            var keyLength = BinaryPrimitives.ReadInt32BigEndian(plaintext);
            if (keyLength < 0 || keyLength > plaintext.Length - 4)
            {
                throw Corrupt(kind);
            }

            var key = Encoding.UTF8.GetString(plaintext, 4, keyLength);
            return (key, plaintext.AsSpan(4 + keyLength).ToArray());
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    public static ChatalotStoreException Corrupt(string kind) =>
        new(ClientErrorCodes.StoreRecordCorrupt, $"A '{kind}' record failed authentication: the store was modified outside the client.");

    public void Dispose()
    {
        _encryptionKey.Dispose();
        CryptographicOperations.ZeroMemory(_macKey);
    }

    private static byte[] AssociatedData(string kind, byte[] lookupId) => [.. Encoding.ASCII.GetBytes(Domain + "\0" + kind + "\0"), .. lookupId];
}
