namespace Chatalot.Crypto;

/// <summary>One-time X25519 prekeys of this device.</summary>
public interface IPreKeyStore
{
    /// <summary>Loads a prekey.</summary>
    /// <param name="id">The prekey id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The record or null when unknown (or consumed).</returns>
    ValueTask<PreKeyRecord?> LoadPreKeyAsync(uint id, CancellationToken cancellationToken = default);

    /// <summary>Stores a prekey.</summary>
    /// <param name="record">The record.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when stored.</returns>
    ValueTask StorePreKeyAsync(PreKeyRecord record, CancellationToken cancellationToken = default);

    /// <summary>Removes a prekey (called only after the first message that used it authenticated).</summary>
    /// <param name="id">The prekey id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when removed.</returns>
    ValueTask RemovePreKeyAsync(uint id, CancellationToken cancellationToken = default);
}
