using Chatalot.Crypto.SenderKeys.Internal;

namespace Chatalot.Crypto;

/// <summary>
/// Creates, rotates and installs sender-key chains. Typical use: the sender calls
/// <see cref="CreateDistributionMessageAsync"/> and sends the bytes to every member device inside a pairwise
/// <see cref="SessionCipher"/> message; each receiver calls <see cref="ProcessAsync"/>. After any member leaves or is
/// removed, the sender calls <see cref="RotateAsync"/> and distributes the new chain to the remaining members only.
/// </summary>
public sealed class GroupSessionBuilder
{
    private readonly ISenderKeyStore _store;
    private readonly CryptoProvider _provider;

    /// <summary>Creates a builder.</summary>
    /// <param name="store">The sender-key store.</param>
    /// <param name="provider">The provider; <see cref="CryptoProvider.Default"/> when null.</param>
    public GroupSessionBuilder(ISenderKeyStore store, CryptoProvider? provider = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _provider = provider ?? CryptoProvider.Default;
    }

    /// <summary>
    /// Returns the distribution message of this device's current chain for the channel, creating the chain on first
    /// use. It carries the current iteration only, so a new member cannot read earlier messages.
    /// </summary>
    /// <param name="name">The channel and this (sending) device.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The distribution message.</returns>
    public async ValueTask<SenderKeyDistributionMessage> CreateDistributionMessageAsync(SenderKeyName name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var record = await _store.LoadSenderKeyAsync(name, cancellationToken).ConfigureAwait(false) ?? new SenderKeyRecord();
        var state = record.Current;
        if (state?.SigningSeed is null)
        {
            state = SenderKeyState.CreateOwn(_provider.Primitives);
            record.Clear();
            record.Add(state);
            await _store.StoreSenderKeyAsync(name, record, cancellationToken).ConfigureAwait(false);
        }

        return new SenderKeyDistributionMessage(state.ChainId, state.Iteration, (byte[])state.ChainKey.Clone(), (byte[])state.SigningPublicKey.Clone());
    }

    /// <summary>
    /// Replaces this device's chain for the channel with a fresh one (new chain id, chain key and signing key) and
    /// returns its distribution message. Call it after any member leaves or is removed.
    /// </summary>
    /// <param name="name">The channel and this (sending) device.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The new chain's distribution message.</returns>
    public async ValueTask<SenderKeyDistributionMessage> RotateAsync(SenderKeyName name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var record = await _store.LoadSenderKeyAsync(name, cancellationToken).ConfigureAwait(false) ?? new SenderKeyRecord();
        var state = SenderKeyState.CreateOwn(_provider.Primitives);
        record.Clear();
        record.Add(state);
        await _store.StoreSenderKeyAsync(name, record, cancellationToken).ConfigureAwait(false);
        return new SenderKeyDistributionMessage(state.ChainId, state.Iteration, (byte[])state.ChainKey.Clone(), (byte[])state.SigningPublicKey.Clone());
    }

    /// <summary>
    /// Installs a chain received from <paramref name="name"/>'s sender. The caller must have received the bytes
    /// inside a pairwise message from that same device. A chain id that is or was already known (the record remembers
    /// the last 64) is ignored, so a re-sent distribution cannot rewind or revive a chain.
    /// </summary>
    /// <param name="name">The channel and the sending device.</param>
    /// <param name="distribution">The distribution message.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>True when a new chain was installed.</returns>
    public async ValueTask<bool> ProcessAsync(SenderKeyName name, SenderKeyDistributionMessage distribution, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(distribution);
        var record = await _store.LoadSenderKeyAsync(name, cancellationToken).ConfigureAwait(false) ?? new SenderKeyRecord();
        if (record.Find(distribution.ChainId) is not null || record.HasSeen(distribution.ChainId))
        {
            return false;
        }

        record.Add(new SenderKeyState(distribution.ChainId, distribution.Iteration, distribution.ChainKey.ToArray(),
            distribution.SigningKey.ToArray(), signingSeed: null, distribution.Iteration));
        await _store.StoreSenderKeyAsync(name, record, cancellationToken).ConfigureAwait(false);
        return true;
    }
}
