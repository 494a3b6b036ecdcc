namespace Chatalot.Crypto;

/// <summary>Pairwise session records, one per remote device.</summary>
public interface ISessionStore
{
    /// <summary>Loads the session record with a device.</summary>
    /// <param name="address">The remote device.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The record or null.</returns>
    ValueTask<SessionRecord?> LoadSessionAsync(ProtocolAddress address, CancellationToken cancellationToken = default);

    /// <summary>Stores the session record with a device (persistent stores serialise it with <see cref="SessionRecord.Serialize"/>).</summary>
    /// <param name="address">The remote device.</param>
    /// <param name="record">The record.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when stored.</returns>
    ValueTask StoreSessionAsync(ProtocolAddress address, SessionRecord record, CancellationToken cancellationToken = default);

    /// <summary>Deletes the session record with a device.</summary>
    /// <param name="address">The remote device.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when deleted.</returns>
    ValueTask DeleteSessionAsync(ProtocolAddress address, CancellationToken cancellationToken = default);
}
