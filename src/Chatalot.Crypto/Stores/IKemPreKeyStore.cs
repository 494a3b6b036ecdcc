namespace Chatalot.Crypto;

/// <summary>ML-KEM-768 prekeys of this device (one-time and last resort).</summary>
public interface IKemPreKeyStore
{
    /// <summary>Loads a KEM prekey.</summary>
    /// <param name="id">The prekey id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The record or null.</returns>
    ValueTask<KemPreKeyRecord?> LoadKemPreKeyAsync(uint id, CancellationToken cancellationToken = default);

    /// <summary>Stores a KEM prekey.</summary>
    /// <param name="record">The record.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when stored.</returns>
    ValueTask StoreKemPreKeyAsync(KemPreKeyRecord record, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks a KEM prekey as used after the first message that used it authenticated: one-time keys are removed,
    /// the last-resort key is kept.
    /// </summary>
    /// <param name="id">The prekey id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when recorded.</returns>
    ValueTask MarkKemPreKeyUsedAsync(uint id, CancellationToken cancellationToken = default);
}
