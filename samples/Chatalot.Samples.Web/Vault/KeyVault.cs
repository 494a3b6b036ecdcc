using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Chatalot.Samples.Web.Browser;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;

namespace Chatalot.Samples.Web.Vault;

/// <summary>
/// The passphrase-locked vault in IndexedDB. Argon2id comes from BouncyCastle and the AEAD from <see cref="VaultCipher"/>
/// (BouncyCastle's ChaCha20-Poly1305: the browser runtime has none natively); nothing is hand-rolled. Besides the
/// credentials, the vault holds the key that seals this device's key store and message archive, so those are as safe
/// as the vault and a passphrase change never has to re-encrypt them.
/// The envelope's public header (version, user id, cost, salt) is bound to the ciphertext as associated data, so a
/// tampered header fails authentication instead of weakening the derivation.
/// </summary>
public sealed class KeyVault(BrowserInterop browser, VaultOptions options)
{
    private const string EntryKey = "vault";
    private const int KeySize = VaultCipher.KeySize;
    private const int NonceSize = VaultCipher.NonceSize;

    public async Task<VaultEnvelope?> LoadEnvelopeAsync()
    {
        var json = await browser.IndexedDbGetAsync(EntryKey);
        if (json is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(json, WebJsonContext.Default.VaultEnvelope);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public async Task SaveAsync(Guid userId, VaultContents contents, string passphrase)
    {
        options.Validate();
        if (passphrase.Length < options.MinimumPassphraseLength)
        {
            throw new VaultException($"The passphrase needs at least {options.MinimumPassphraseLength} characters.");
        }

        var salt = RandomNumberGenerator.GetBytes(16);
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        var header = new VaultEnvelope
        {
            UserId = userId,
            Username = contents.Username,
            MemoryKiB = options.MemoryKiB,
            Iterations = options.Iterations,
            Salt = salt,
            Nonce = nonce,
            Ciphertext = [],
        };
        var plaintext = JsonSerializer.SerializeToUtf8Bytes(contents, WebJsonContext.Default.VaultContents);
        var key = DeriveKey(passphrase, header);
        try
        {
            var sealedBytes = Process(forEncryption: true, key, header, plaintext);
            var envelope = header with { Ciphertext = sealedBytes };
            await browser.IndexedDbPutAsync(EntryKey, JsonSerializer.Serialize(envelope, WebJsonContext.Default.VaultEnvelope));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>Opens the vault; throws <see cref="VaultException"/> for a wrong passphrase.</summary>
    public static VaultContents Open(VaultEnvelope envelope, string passphrase)
    {
        if (envelope.Version != VaultEnvelope.CurrentVersion || envelope.Nonce.Length != NonceSize || envelope.MemoryKiB < 8 * 1024)
        {
            throw new VaultException("This vault was written by another version of the app.");
        }

        var key = DeriveKey(passphrase, envelope);
        byte[]? plaintext = null;
        try
        {
            plaintext = Process(forEncryption: false, key, envelope, envelope.Ciphertext);
            return JsonSerializer.Deserialize(plaintext, WebJsonContext.Default.VaultContents)
                ?? throw new VaultException("The vault is empty.");
        }
        catch (Org.BouncyCastle.Crypto.InvalidCipherTextException)
        {
            throw new VaultException("Wrong passphrase.");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            if (plaintext is not null)
            {
                CryptographicOperations.ZeroMemory(plaintext);
            }
        }
    }

    public ValueTask ForgetAsync() => browser.IndexedDbDeleteAsync(EntryKey);

    private static byte[] DeriveKey(string passphrase, VaultEnvelope header)
    {
        var parameters = new Argon2Parameters.Builder(Argon2Parameters.Argon2id)
            .WithVersion(Argon2Parameters.Version13)
            .WithSalt(header.Salt)
            .WithMemoryAsKB(header.MemoryKiB)
            .WithIterations(header.Iterations)
            .WithParallelism(1)
            .Build();
        var generator = new Argon2BytesGenerator();
        generator.Init(parameters);
        // No Unicode normalisation: the browser runtime ships without it (InvariantGlobalization), so the bytes typed are the bytes derived.
        var password = Encoding.UTF8.GetBytes(passphrase);
        var key = new byte[KeySize];
        try
        {
            generator.GenerateBytes(password, key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(password);
        }

        return key;
    }

    private static byte[] Process(bool forEncryption, byte[] key, VaultEnvelope header, byte[] input)
    {
        var associated = Encoding.UTF8.GetBytes($"chatalot-web-vault/v{header.Version}/{header.UserId:N}/{header.Username}/{header.MemoryKiB}/{header.Iterations}/{Convert.ToBase64String(header.Salt)}");
        return VaultCipher.Process(forEncryption, key, header.Nonce, associated, input);
    }
}
