using Chatalot.Crypto.Internal;
using Chatalot.Crypto.Sessions.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chatalot.Crypto;

/// <summary>Starts a session with a remote device from its prekey bundle (PQXDH initiator side).</summary>
public sealed class SessionBuilder
{
    private readonly IProtocolStore _store;
    private readonly ProtocolAddress _remoteAddress;
    private readonly CryptoProvider _provider;
    private readonly ILogger _logger;

    /// <summary>Creates a builder.</summary>
    /// <param name="store">The local device's stores.</param>
    /// <param name="remoteAddress">The remote device.</param>
    /// <param name="provider">The provider; <see cref="CryptoProvider.Default"/> when null.</param>
    /// <param name="logger">Logs session establishment and identity changes (never key material).</param>
    public SessionBuilder(IProtocolStore store, ProtocolAddress remoteAddress, CryptoProvider? provider = null, ILogger<SessionBuilder>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(remoteAddress);
        _store = store;
        _remoteAddress = remoteAddress;
        _provider = provider ?? CryptoProvider.Default;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// Verifies the bundle's signatures, runs PQXDH and stores a new session that sends prekey messages until the
    /// peer replies. The peer's identity key is pinned (trust on first use).
    /// </summary>
    /// <param name="bundle">The remote device's bundle.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>What pinning the identity key did.</returns>
    /// <exception cref="UntrustedIdentityException">The bundle's identity key differs from the pinned one.</exception>
    /// <exception cref="InvalidKeyException">A signature does not verify or a key is invalid.</exception>
    public async ValueTask<IdentityChange> ProcessPreKeyBundleAsync(PreKeyBundle bundle, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        if (bundle.Address != _remoteAddress)
        {
            throw new ArgumentException("The bundle belongs to a different address.", nameof(bundle));
        }

        if (!await _store.IsTrustedIdentityAsync(_remoteAddress.UserId, bundle.IdentityKey, cancellationToken).ConfigureAwait(false))
        {
            CryptoLog.UntrustedIdentity(_logger, _remoteAddress.UserId);
            throw new UntrustedIdentityException(_remoteAddress.UserId, bundle.IdentityKey);
        }

        var identity = await _store.GetIdentityKeyPairAsync(cancellationToken).ConfigureAwait(false);
        var localAddress = await _store.GetLocalAddressAsync(cancellationToken).ConfigureAwait(false);
        var state = Pqxdh.Initiate(_provider.Primitives, identity, localAddress, bundle);

        var record = await _store.LoadSessionAsync(_remoteAddress, cancellationToken).ConfigureAwait(false) ?? new SessionRecord();
        record.Promote(state);
        var change = await _store.SaveIdentityAsync(_remoteAddress.UserId, bundle.IdentityKey, cancellationToken).ConfigureAwait(false);
        await _store.StoreSessionAsync(_remoteAddress, record, cancellationToken).ConfigureAwait(false);
        CryptoMetrics.RecordSessionStarted("initiator");
        CryptoLog.SessionEstablished(_logger, _remoteAddress, "initiator");
        if (change == IdentityChange.Replaced)
        {
            CryptoLog.IdentityPinned(_logger, _remoteAddress.UserId, change);
        }

        return change;
    }

    /// <inheritdoc />
    public override string ToString() => $"SessionBuilder({_remoteAddress})";
}
