namespace Chatalot.Crypto;

/// <summary>Sender-key records, one per (channel, sender device).</summary>
public interface ISenderKeyStore
{
    /// <summary>Loads a sender-key record.</summary>
    /// <param name="name">The channel and sender device.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The record or null.</returns>
    ValueTask<SenderKeyRecord?> LoadSenderKeyAsync(SenderKeyName name, CancellationToken cancellationToken = default);

    /// <summary>Stores a sender-key record.</summary>
    /// <param name="name">The channel and sender device.</param>
    /// <param name="record">The record.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when stored.</returns>
    ValueTask StoreSenderKeyAsync(SenderKeyName name, SenderKeyRecord record, CancellationToken cancellationToken = default);

    /// <summary>Deletes a sender-key record (e.g. when a member leaves and their chain must no longer decrypt).</summary>
    /// <param name="name">The channel and sender device.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when deleted.</returns>
    ValueTask DeleteSenderKeyAsync(SenderKeyName name, CancellationToken cancellationToken = default);
}
