namespace Chatalot.Crypto;

/// <summary>Signed X25519 prekeys of this device (the current one and those within their grace period).</summary>
public interface ISignedPreKeyStore
{
    /// <summary>Loads a signed prekey.</summary>
    /// <param name="id">The prekey id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The record or null.</returns>
    ValueTask<SignedPreKeyRecord?> LoadSignedPreKeyAsync(uint id, CancellationToken cancellationToken = default);

    /// <summary>Loads every stored signed prekey (for rotation).</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The records.</returns>
    ValueTask<IReadOnlyList<SignedPreKeyRecord>> LoadSignedPreKeysAsync(CancellationToken cancellationToken = default);

    /// <summary>Stores a signed prekey.</summary>
    /// <param name="record">The record.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when stored.</returns>
    ValueTask StoreSignedPreKeyAsync(SignedPreKeyRecord record, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes a signed prekey (after its grace period) and forgets the last-resort KEM uses recorded with it
    /// (<see cref="IKemPreKeyStore.MarkKemPreKeyUsedAsync"/>): a replay that names a removed signed prekey already
    /// fails with <see cref="MissingPreKeyException"/>, so this is what bounds that list.
    /// </summary>
    /// <param name="id">The prekey id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when removed.</returns>
    ValueTask RemoveSignedPreKeyAsync(uint id, CancellationToken cancellationToken = default);
}
