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
    /// Records that the first message of a session used a KEM prekey, after that message authenticated: one-time keys
    /// are removed; for the last-resort key (never removed) the triple (KEM prekey id, signed prekey id, base key) is
    /// remembered, with no count limit, until the signed prekey is removed (docs/protocol/crypto.md §5.2). The check
    /// and the insert MUST be atomic and MUST survive a restart, or a replayed first message starts its session again.
    /// </summary>
    /// <param name="kemPreKeyId">The KEM prekey id.</param>
    /// <param name="signedPreKeyId">The signed prekey id the message used.</param>
    /// <param name="baseKey">The initiator's 32-byte base (ephemeral) key <c>EK_A</c>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>
    /// False when the key is a last-resort key and this triple was already recorded (the message is a replay and is
    /// rejected); otherwise true.
    /// </returns>
    ValueTask<bool> MarkKemPreKeyUsedAsync(uint kemPreKeyId, uint signedPreKeyId, ReadOnlyMemory<byte> baseKey, CancellationToken cancellationToken = default);
}
