using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;

namespace Chatalot.Samples.Web.Vault;

/// <summary>
/// The vault's primitives, shared by the vault itself, the device key store and the message archive so that there
/// is one copy: ChaCha20-Poly1305 (RFC 8439), HKDF-SHA256 (RFC 5869) and HMAC-SHA256, all from BouncyCastle because
/// the browser runtime has no native AEAD (ChaCha20Poly1305.IsSupported is false in WebAssembly). Nothing is hand-rolled.
/// </summary>
public static class VaultCipher
{
    public const int KeySize = 32;
    public const int NonceSize = 12;

    /// <summary>Encrypts or decrypts with ChaCha20-Poly1305; decryption throws <see cref="Org.BouncyCastle.Crypto.InvalidCipherTextException"/> on a bad tag.</summary>
    public static byte[] Process(bool forEncryption, ReadOnlySpan<byte> key, byte[] nonce, byte[] associated, ReadOnlySpan<byte> input)
    {
        var aead = new Org.BouncyCastle.Crypto.Modes.ChaCha20Poly1305();
        aead.Init(forEncryption, new AeadParameters(new KeyParameter(key), 128, nonce, associated));
        var output = new byte[aead.GetOutputSize(input.Length)];
        var written = aead.ProcessBytes(input, output);
        written += aead.DoFinal(output.AsSpan(written));
        return written == output.Length ? output : output[..written];
    }

    /// <summary>
    /// Seals with a fresh random 96-bit nonce, returned in front of the ciphertext. Random nonces are safe here: one
    /// key seals far fewer than the 2^32 messages after which a collision would become plausible (RFC 8439 §4).
    /// </summary>
    public static byte[] Seal(ReadOnlySpan<byte> key, byte[] associated, ReadOnlySpan<byte> plaintext)
    {
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        var sealedBytes = Process(forEncryption: true, key, nonce, associated, plaintext);
        var output = new byte[NonceSize + sealedBytes.Length];
        nonce.CopyTo(output, 0);
        sealedBytes.CopyTo(output, NonceSize);
        return output;
    }

    /// <summary>Opens what <see cref="Seal"/> produced; throws <see cref="VaultException"/> when it fails authentication.</summary>
    public static byte[] Open(ReadOnlySpan<byte> key, byte[] associated, byte[] sealedBytes)
    {
        if (sealedBytes.Length < NonceSize + 16)
        {
            throw new VaultException("A stored record is damaged.");
        }

        try
        {
            return Process(forEncryption: false, key, sealedBytes[..NonceSize], associated, sealedBytes.AsSpan(NonceSize));
        }
        catch (Org.BouncyCastle.Crypto.InvalidCipherTextException)
        {
            throw new VaultException("A stored record is damaged or was sealed under another key.");
        }
    }

    /// <summary>A subkey for one purpose (HKDF-SHA256 expand with <paramref name="purpose"/> as info), so that one
    /// stored key never serves two algorithms.</summary>
    public static byte[] DeriveSubkey(ReadOnlySpan<byte> key, string purpose)
    {
        var generator = new HkdfBytesGenerator(new Sha256Digest());
        generator.Init(new HkdfParameters(key.ToArray(), null, System.Text.Encoding.UTF8.GetBytes(purpose)));
        var output = new byte[KeySize];
        generator.GenerateBytes(output, 0, output.Length);
        return output;
    }

    /// <summary>HMAC-SHA256, for lookup ids that hide what a record is about.</summary>
    public static byte[] Mac(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data)
    {
        var mac = new HMac(new Sha256Digest());
        mac.Init(new KeyParameter(key));
        mac.BlockUpdate(data);
        var output = new byte[mac.GetMacSize()];
        mac.DoFinal(output);
        return output;
    }
}
