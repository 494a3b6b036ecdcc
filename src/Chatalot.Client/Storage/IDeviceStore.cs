namespace Chatalot.Client.Storage;

/// <summary>
/// Where a client keeps this device's state between runs: its identity key, pinned contact identities, prekeys,
/// sessions and sender keys (through <see cref="DeviceProtocolStore"/>), plus the client's own bookkeeping (the
/// device id, the prekey-id counter, verification marks and per-channel catch-up cursors). Records are byte strings
/// grouped by a <c>kind</c> and addressed by a key within it.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="EncryptedSqliteStore"/> is the implementation the client opens itself from
/// <see cref="ChatalotClientOptions.StorePath"/>. Hosts where a file cannot be used (a browser keeps its state in
/// IndexedDB) implement this interface and hand an instance to <see cref="ChatalotClientOptions.DeviceStore"/>.
/// </para>
/// <para>
/// An implementation holds private keys: it must keep every value confidential and authenticated at rest (encrypt
/// and MAC each record, bound to its kind and key, so a record cannot be swapped for another), make each completed
/// <see cref="PutAsync"/> durable before it returns (the ratchet must never step back after a crash), and never put
/// a value in a log, an exception message or <see cref="object.ToString"/>. Calls may come from several threads;
/// each record is written on its own, so an implementation should write only the record it is given rather than
/// rewriting everything.
/// </para>
/// </remarks>
public interface IDeviceStore
{
    /// <summary>Reads a record.</summary>
    /// <param name="kind">The record kind: lower-case letters, digits and <c>_</c>, starting with a letter.</param>
    /// <param name="key">The record key within its kind.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The value (a copy the caller may zero), or <see langword="null"/> when there is no such record.</returns>
    /// <exception cref="ChatalotStoreException">The record failed authentication or the store is closed.</exception>
    ValueTask<byte[]?> GetAsync(string kind, string key, CancellationToken cancellationToken = default);

    /// <summary>Creates or replaces a record.</summary>
    /// <param name="kind">The record kind.</param>
    /// <param name="key">The record key.</param>
    /// <param name="value">The value; the store copies what it needs before returning.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes once the record is durable.</returns>
    /// <exception cref="ChatalotStoreException">The store is closed.</exception>
    ValueTask PutAsync(string kind, string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default);

    /// <summary>Deletes a record.</summary>
    /// <param name="kind">The record kind.</param>
    /// <param name="key">The record key.</param>
    /// <param name="cancellationToken">Cancels the delete.</param>
    /// <returns>Whether a record was deleted.</returns>
    /// <exception cref="ChatalotStoreException">The store is closed.</exception>
    ValueTask<bool> DeleteAsync(string kind, string key, CancellationToken cancellationToken = default);

    /// <summary>Reads every record of a kind, in no particular order.</summary>
    /// <param name="kind">The record kind.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The records' keys and values.</returns>
    /// <exception cref="ChatalotStoreException">A record failed authentication or the store is closed.</exception>
    IAsyncEnumerable<KeyValuePair<string, byte[]>> ListAsync(string kind, CancellationToken cancellationToken = default);
}
