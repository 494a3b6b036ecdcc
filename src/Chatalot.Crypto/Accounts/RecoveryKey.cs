using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using Chatalot.Crypto.Accounts.Internal;
using Chatalot.Crypto.Primitives.Internal;

namespace Chatalot.Crypto;

/// <summary>
/// The account's recovery key (crypto.md §15.5): 32 random bytes shown to the user once, as 56 base32 characters
/// with a version and a parity byte that catches any single mistyped character before anything is decrypted. It keys
/// the encrypted key backup (<see cref="KeyBackupCipher"/>); its public <see cref="KeyId"/> tells a wrong key from a
/// damaged backup. Dispose it to wipe the key.
/// </summary>
public sealed class RecoveryKey : IDisposable
{
    /// <summary>Length of the key: 32 bytes.</summary>
    public const int KeyLength = 32;

    /// <summary>Length of the key id: 16 bytes.</summary>
    public const int KeyIdLength = 16;

    private const byte Prefix = 0x43; // 'C'
    private const byte Version = 0x01;
    private const int EncodedLength = 2 + KeyLength + 1;
    private const int TextLength = EncodedLength * 8 / 5; // 56

    private static readonly byte[] BackupInfo = "Chatalot_Backup_v1"u8.ToArray();
    private static readonly byte[] KeyIdInfo = "Chatalot_BackupKeyId_v1"u8.ToArray();

    private readonly byte[] _key;
    private readonly byte[] _backupKey;
    private bool _disposed;

    private RecoveryKey(byte[] key, CryptoPrimitives primitives)
    {
        _key = key;
        _backupKey = new byte[32];
        primitives.Hkdf(key, [], BackupInfo, _backupKey);
        KeyId = new byte[KeyIdLength];
        primitives.Hkdf(key, [], KeyIdInfo, KeyId);
    }

    /// <summary>
    /// The public key id, <c>HKDF-SHA256(ikm = RK, info = "Chatalot_BackupKeyId_v1", 16 bytes)</c>: stored by the server
    /// with the backup so a client can tell a wrong recovery key from a damaged backup. Reveals nothing about the key.
    /// </summary>
    public byte[] KeyId { get; }

    /// <summary>Draws a new recovery key (32 bytes from the provider's CSPRNG).</summary>
    /// <param name="provider">The provider; <see cref="CryptoProvider.Default"/> when <see langword="null"/>.</param>
    /// <returns>The key; show <see cref="Display"/> to the user once.</returns>
    public static RecoveryKey Generate(CryptoProvider? provider = null)
    {
        var primitives = (provider ?? CryptoProvider.Default).Primitives;
        var key = new byte[KeyLength];
        primitives.FillRandom(key);
        return new RecoveryKey(key, primitives);
    }

    /// <summary>A recovery key from its 32 raw bytes.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The recovery key (it holds its own copy).</returns>
    /// <exception cref="InvalidKeyException">The key is not 32 bytes.</exception>
    public static RecoveryKey FromBytes(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeyLength)
        {
            throw new InvalidKeyException("A recovery key is 32 bytes.");
        }

        return new RecoveryKey(key.ToArray(), CryptoProvider.Default.Primitives);
    }

    /// <summary>Reads a recovery key as the user typed it; spaces (any white space) and case are ignored.</summary>
    /// <param name="text">The key as displayed by <see cref="Display"/>.</param>
    /// <returns>The recovery key.</returns>
    /// <exception cref="InvalidKeyException">The text has the wrong length, holds a character that is not in the
    /// alphabet, has a mistyped character (parity), or is of an unknown version; the message says which.</exception>
    public static RecoveryKey Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParseCore(text, out var key) is { } problem ? throw new InvalidKeyException(problem) : key!;
    }

    /// <summary>Reads a recovery key as the user typed it, without throwing.</summary>
    /// <param name="text">The key as displayed by <see cref="Display"/>.</param>
    /// <param name="key">The recovery key, when the text is one.</param>
    /// <returns><see langword="true"/> when the text is a well-formed recovery key.</returns>
    public static bool TryParse(string? text, [NotNullWhen(true)] out RecoveryKey? key)
    {
        key = null;
        return text is not null && TryParseCore(text, out key) is null;
    }

    /// <summary>The form shown to the user: 56 base32 characters in 14 groups of 4, separated by single spaces.</summary>
    /// <returns>The display form; it is the secret itself, so never log it.</returns>
    /// <exception cref="ObjectDisposedException">The key was disposed.</exception>
    public string Display()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Span<byte> bytes = stackalloc byte[EncodedLength];
        try
        {
            bytes[0] = Prefix;
            bytes[1] = Version;
            _key.CopyTo(bytes[2..]);
            byte parity = 0;
            foreach (var b in bytes[..^1])
            {
                parity ^= b;
            }

            bytes[^1] = parity;
            var text = Base32.Encode(bytes);
            var display = new StringBuilder(TextLength + (TextLength / 4) - 1);
            for (var i = 0; i < TextLength; i += 4)
            {
                display.Append(i == 0 ? string.Empty : " ").Append(text, i, 4);
            }

            return display.ToString();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>Wipes the key and the backup key derived from it.</summary>
    public void Dispose()
    {
        _disposed = true;
        CryptographicOperations.ZeroMemory(_key);
        CryptographicOperations.ZeroMemory(_backupKey);
    }

    /// <summary>Names the key by its public id only.</summary>
    /// <returns><c>RecoveryKey(id …)</c> with the key id in hex.</returns>
    public override string ToString() => $"RecoveryKey(id {Convert.ToHexStringLower(KeyId)})";

    /// <summary>The backup key, <c>HKDF-SHA256(ikm = RK, info = "Chatalot_Backup_v1", 32 bytes)</c>.</summary>
    internal ReadOnlySpan<byte> BackupKey
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _backupKey;
        }
    }

    /// <summary>Test seam: the raw key (secret).</summary>
    internal ReadOnlySpan<byte> KeyBytes => _key;

    /// <summary>Test seam: whether Dispose wiped the secrets.</summary>
    internal bool SecretsAreZero() => _key.AsSpan().IndexOfAnyExcept((byte)0) < 0 && _backupKey.AsSpan().IndexOfAnyExcept((byte)0) < 0;

    private static string? TryParseCore(string text, out RecoveryKey? key)
    {
        key = null;
        Span<char> compact = stackalloc char[TextLength];
        var length = 0;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                continue;
            }

            if (length < TextLength)
            {
                compact[length] = char.ToUpperInvariant(c);
            }

            length++;
        }

        if (length != TextLength)
        {
            return $"A recovery key has {TextLength} characters (spaces aside); this text has {length}.";
        }

        Span<byte> bytes = stackalloc byte[EncodedLength];
        try
        {
            if (!Base32.TryDecode(compact, bytes))
            {
                return "A character of the recovery key is mistyped: only the letters A to Z and the digits 2 to 7 appear in one.";
            }

            // Parity first: a typo anywhere, the version characters included, is reported as a typo.
            byte parity = 0;
            foreach (var b in bytes)
            {
                parity ^= b;
            }

            if (parity != 0)
            {
                return "A character of the recovery key is mistyped (the parity check failed).";
            }

            if (bytes[0] != Prefix || bytes[1] != Version)
            {
                return "This recovery key is of an unknown version.";
            }

            key = new RecoveryKey(bytes.Slice(2, KeyLength).ToArray(), CryptoProvider.Default.Primitives);
            return null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
            compact.Clear();
        }
    }
}
