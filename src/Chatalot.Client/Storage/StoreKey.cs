using System.Security.Cryptography;
using System.Text;

namespace Chatalot.Client.Storage;

/// <summary>
/// The secret that opens an <see cref="EncryptedSqliteStore"/>: either a passphrase (stretched with Argon2id, its salt
/// and cost kept in the database) or a 32-byte key supplied by the host (for example from a platform key store).
/// Dispose it once the store is open; its memory is zeroed. Its <see cref="ToString"/> never reveals it.
/// </summary>
public sealed class StoreKey : IDisposable
{
    /// <summary>Size of a host-supplied key in bytes.</summary>
    public const int KeySize = 32;

    private byte[]? _secret;

    private StoreKey(byte[] secret, bool isPassphrase)
    {
        _secret = secret;
        IsPassphrase = isPassphrase;
    }

    /// <summary>Whether this key is a passphrase (stretched with Argon2id) rather than a raw key.</summary>
    public bool IsPassphrase { get; }

    /// <summary>A key from a passphrase.</summary>
    /// <remarks>
    /// The passphrase's UTF-8 bytes are used exactly as typed, with no Unicode normalisation. .NET's normalisation
    /// depends on the host: it does nothing in invariant-globalization mode, and the browser runtime lacks the
    /// compatibility forms (NFKC/NFKD throw <see cref="PlatformNotSupportedException"/> there). Normalising would make
    /// the same passphrase open a store on one host and not on another; bytes as typed behave the same everywhere.
    /// </remarks>
    /// <param name="passphrase">The passphrase; at least 8 characters.</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentException">The passphrase is shorter than 8 characters.</exception>
    public static StoreKey FromPassphrase(string passphrase)
    {
        ArgumentNullException.ThrowIfNull(passphrase);
        if (passphrase.Length < 8)
        {
            throw new ArgumentException("A store passphrase must have at least 8 characters.", nameof(passphrase));
        }

        return new StoreKey(Encoding.UTF8.GetBytes(passphrase), isPassphrase: true);
    }

    /// <summary>A host-supplied key of <see cref="KeySize"/> uniformly random bytes.</summary>
    /// <param name="key">The key bytes (copied).</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not <see cref="KeySize"/> bytes.</exception>
    public static StoreKey FromBytes(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySize)
        {
            throw new ArgumentException($"A store key must be {KeySize} bytes.", nameof(key));
        }

        return new StoreKey(key.ToArray(), isPassphrase: false);
    }

    /// <summary>Generates a fresh random key (the host must keep it somewhere safe to reopen the store).</summary>
    /// <returns>The key.</returns>
    public static StoreKey Generate() => new(RandomNumberGenerator.GetBytes(KeySize), isPassphrase: false);

    /// <summary>Copies the raw key out, for the host to keep in its own secure storage.</summary>
    /// <returns>The key bytes; zero them after use.</returns>
    /// <exception cref="InvalidOperationException">This key is a passphrase.</exception>
    /// <exception cref="ObjectDisposedException">The key was disposed.</exception>
    public byte[] ExportBytes() => IsPassphrase
        ? throw new InvalidOperationException("A passphrase key has no raw bytes to export.")
        : Secret.ToArray();

    /// <summary>Zeroes the secret.</summary>
    public void Dispose()
    {
        var secret = Interlocked.Exchange(ref _secret, null);
        if (secret is not null)
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    /// <summary>Describes the key kind only, never its value.</summary>
    public override string ToString() => IsPassphrase ? "StoreKey(passphrase, redacted)" : "StoreKey(raw, redacted)";

    internal ReadOnlySpan<byte> Secret => _secret ?? throw new ObjectDisposedException(nameof(StoreKey));
}
