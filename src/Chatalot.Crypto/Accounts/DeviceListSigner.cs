using System.Security.Cryptography;
using Chatalot.Protocol.Keys;

namespace Chatalot.Crypto;

/// <summary>
/// Signs and verifies an account's device list (crypto.md §15.2): the byte layout of
/// <see cref="DeviceListFormat"/> signed with pure Ed25519 by the account key <c>AK</c>, verified under the strict rule
/// of §2.1 so every client accepts exactly the same lists.
/// </summary>
/// <remarks>
/// This checks the signature and the user id only. Pinning <c>AK</c>, refusing a lower version and refusing a different
/// list under an equal version (steps 2–3 of §15.2) need the client's stored state and are the client's job.
/// </remarks>
public static class DeviceListSigner
{
    /// <summary>Encodes a list and signs it with the account key.</summary>
    /// <param name="accountKey">The account key pair <c>AK</c>; its public key must be the document's.</param>
    /// <param name="document">The list's contents (entries are sorted by the encoder).</param>
    /// <param name="provider">The provider; <see cref="CryptoProvider.Default"/> when <see langword="null"/>.</param>
    /// <returns>The encoded list and its 64-byte signature, to upload together.</returns>
    /// <exception cref="ArgumentException">The document names another account key, or breaks a rule of crypto.md §15.2.</exception>
    public static (byte[] List, byte[] Signature) Sign(IdentityKeyPair accountKey, DeviceListDocument document, CryptoProvider? provider = null)
    {
        ArgumentNullException.ThrowIfNull(accountKey);
        ArgumentNullException.ThrowIfNull(document);
        if (document.AccountKey is null || !CryptographicOperations.FixedTimeEquals(document.AccountKey, accountKey.PublicKey.Span))
        {
            throw new ArgumentException("The list names another account key than the one signing it.", nameof(document));
        }

        var list = DeviceListFormat.Encode(document);
        var signature = accountKey.Sign(list, provider);
        return (list, signature);
    }

    /// <summary>
    /// Parses a signed list strictly, verifies its signature under the account key it holds (crypto.md §2.1) and checks
    /// that it is the list of <paramref name="expectedUserId"/>.
    /// </summary>
    /// <param name="list">The encoded list.</param>
    /// <param name="signature">Its 64-byte signature.</param>
    /// <param name="expectedUserId">The user whose list was asked for.</param>
    /// <param name="provider">The provider; <see cref="CryptoProvider.Default"/> when <see langword="null"/>.</param>
    /// <returns>The verified contents.</returns>
    /// <exception cref="InvalidMessageException">Code <see cref="CryptoErrorCode.InvalidMessage"/>: the bytes are not a
    /// well-formed list, or it is another user's; code <see cref="CryptoErrorCode.InvalidSignature"/>: the signature does
    /// not verify under the list's account key.</exception>
    public static DeviceListDocument Verify(ReadOnlySpan<byte> list, ReadOnlySpan<byte> signature, string expectedUserId, CryptoProvider? provider = null)
    {
        ArgumentNullException.ThrowIfNull(expectedUserId);
        if (!DeviceListFormat.TryParse(list, out var document))
        {
            throw new InvalidMessageException("The device list is malformed.");
        }

        if (!(provider ?? CryptoProvider.Default).Primitives.Ed25519Verify(document.AccountKey, list, signature))
        {
            throw new InvalidMessageException(CryptoErrorCode.InvalidSignature, "The device list signature does not verify under its account key.");
        }

        if (!string.Equals(document.UserId, expectedUserId, StringComparison.Ordinal))
        {
            throw new InvalidMessageException("The device list belongs to another user.");
        }

        return document;
    }
}
