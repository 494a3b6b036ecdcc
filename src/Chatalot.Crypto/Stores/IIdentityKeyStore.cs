namespace Chatalot.Crypto;

/// <summary>The local identity and the pinned identity keys of peers (trust on first use).</summary>
public interface IIdentityKeyStore
{
    /// <summary>Returns this device's identity key pair.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The key pair.</returns>
    ValueTask<IdentityKeyPair> GetIdentityKeyPairAsync(CancellationToken cancellationToken = default);

    /// <summary>Returns this device's own address (bound into every session's associated data).</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The local address.</returns>
    ValueTask<ProtocolAddress> GetLocalAddressAsync(CancellationToken cancellationToken = default);

    /// <summary>Returns the pinned identity key of a user, if any.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The pinned key or null.</returns>
    ValueTask<IdentityKey?> GetIdentityAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>Pins <paramref name="identityKey"/> for the user, replacing any earlier key.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="identityKey">The key to pin.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>What changed.</returns>
    ValueTask<IdentityChange> SaveIdentityAsync(string userId, IdentityKey identityKey, CancellationToken cancellationToken = default);

    /// <summary>
    /// True when the key may be used for the user: nothing is pinned yet, or the pinned key equals it. Sessions
    /// call this before using a peer key and raise <see cref="UntrustedIdentityException"/> when it returns false.
    /// </summary>
    /// <param name="userId">The user.</param>
    /// <param name="identityKey">The presented key.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Whether the key is trusted.</returns>
    ValueTask<bool> IsTrustedIdentityAsync(string userId, IdentityKey identityKey, CancellationToken cancellationToken = default);
}
