using System.Security.Cryptography;
using Chatalot.Crypto.Internal;
using Chatalot.Crypto.Primitives.Internal;

namespace Chatalot.Crypto;

/// <summary>
/// Seals and opens the entries of the account's key backup under a <see cref="RecoveryKey"/> (crypto.md §15.5). Each
/// entry has its own key derived from its name, and the name is also the associated data, so the server (which stores
/// the sealed entries by name) can neither read an entry nor swap two of them.
/// </summary>
public static class KeyBackupCipher
{
    private const byte Version = 0x01;
    private const int HeaderSize = 1 + CryptoPrimitives.AeadNonceSize;

    private static readonly byte[] EntryInfo = "Chatalot_BackupEntry_v1"u8.ToArray();

    /// <summary>Seals one entry: <c>0x01 ‖ nonce (12, random) ‖ ChaCha20-Poly1305(entry key, nonce, aad = name, plaintext)</c>.</summary>
    /// <param name="key">The recovery key.</param>
    /// <param name="entryName">The entry's name (for example <c>account</c>); non-empty.</param>
    /// <param name="plaintext">The secret to back up.</param>
    /// <param name="provider">The provider (the nonce comes from its CSPRNG); <see cref="CryptoProvider.Default"/> when <see langword="null"/>.</param>
    /// <returns>The sealed entry, to upload under <paramref name="entryName"/>.</returns>
    /// <exception cref="ArgumentException">The name is empty or not valid UTF-16 text.</exception>
    /// <exception cref="ObjectDisposedException">The recovery key was disposed.</exception>
    public static byte[] Seal(RecoveryKey key, string entryName, ReadOnlySpan<byte> plaintext, CryptoProvider? provider = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        var name = EncodeName(entryName);
        var primitives = (provider ?? CryptoProvider.Default).Primitives;
        var result = new byte[HeaderSize + plaintext.Length + CryptoPrimitives.AeadTagSize];
        result[0] = Version;
        var nonce = result.AsSpan(1, CryptoPrimitives.AeadNonceSize);
        primitives.FillRandom(nonce);
        Span<byte> entryKey = stackalloc byte[CryptoPrimitives.AeadKeySize];
        try
        {
            DeriveEntryKey(primitives, key, name, entryKey);
            primitives.AeadEncrypt(entryKey, nonce, plaintext, name, result.AsSpan(HeaderSize));
            return result;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(entryKey);
        }
    }

    /// <summary>Opens one entry sealed by <see cref="Seal"/>.</summary>
    /// <param name="key">The recovery key.</param>
    /// <param name="entryName">The name the entry was stored under.</param>
    /// <param name="sealedEntry">The sealed entry.</param>
    /// <param name="provider">The provider; <see cref="CryptoProvider.Default"/> when <see langword="null"/>.</param>
    /// <returns>The plaintext.</returns>
    /// <exception cref="InvalidMessageException">The entry is truncated, of an unknown version, or does not authenticate
    /// (damaged, another entry's, or sealed under another recovery key: compare <see cref="RecoveryKey.KeyId"/> to tell).</exception>
    /// <exception cref="ArgumentException">The name is empty or not valid UTF-16 text.</exception>
    /// <exception cref="ObjectDisposedException">The recovery key was disposed.</exception>
    public static byte[] Open(RecoveryKey key, string entryName, ReadOnlySpan<byte> sealedEntry, CryptoProvider? provider = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        var name = EncodeName(entryName);
        if (sealedEntry.Length < HeaderSize + CryptoPrimitives.AeadTagSize)
        {
            throw new InvalidMessageException("The backup entry is truncated.");
        }

        if (sealedEntry[0] != Version)
        {
            throw new InvalidMessageException("The backup entry is of an unknown version.");
        }

        var primitives = (provider ?? CryptoProvider.Default).Primitives;
        var plaintext = new byte[sealedEntry.Length - HeaderSize - CryptoPrimitives.AeadTagSize];
        Span<byte> entryKey = stackalloc byte[CryptoPrimitives.AeadKeySize];
        try
        {
            DeriveEntryKey(primitives, key, name, entryKey);
            if (!primitives.AeadDecrypt(entryKey, sealedEntry.Slice(1, CryptoPrimitives.AeadNonceSize), sealedEntry[HeaderSize..], name, plaintext))
            {
                throw new InvalidMessageException("The backup entry does not authenticate under this recovery key and name.");
            }

            return plaintext;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(entryKey);
        }
    }

    /// <summary><c>HKDF-SHA256(ikm = backup key, salt = empty, info = "Chatalot_BackupEntry_v1" ‖ name, 32 bytes)</c>.</summary>
    internal static void DeriveEntryKey(CryptoPrimitives primitives, RecoveryKey key, ReadOnlySpan<byte> name, Span<byte> entryKey)
    {
        var info = new byte[EntryInfo.Length + name.Length];
        EntryInfo.CopyTo(info, 0);
        name.CopyTo(info.AsSpan(EntryInfo.Length));
        primitives.Hkdf(key.BackupKey, [], info, entryKey);
    }

    internal static byte[] EncodeName(string entryName)
    {
        ArgumentException.ThrowIfNullOrEmpty(entryName);
        try
        {
            return WireReader.StrictUtf8.GetBytes(entryName);
        }
        catch (ArgumentException)
        {
            throw new ArgumentException("The entry name is not valid text.", nameof(entryName));
        }
    }
}
