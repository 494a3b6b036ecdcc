using System.Security.Cryptography;
using Chatalot.Crypto.Internal;
using Chatalot.Crypto.Sessions.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chatalot.Crypto;

/// <summary>
/// Encrypts and decrypts pairwise messages with one remote device. Calls on one instance are serialised; share a
/// single instance per remote device so that concurrent decrypts cannot race on the stored session.
/// </summary>
public sealed class SessionCipher : IDisposable
{
    private readonly IProtocolStore _store;
    private readonly ProtocolAddress _remoteAddress;
    private readonly CryptoProvider _provider;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    /// <summary>Creates a cipher.</summary>
    /// <param name="store">The local device's stores.</param>
    /// <param name="remoteAddress">The remote device (as authenticated by the transport).</param>
    /// <param name="provider">The provider; <see cref="CryptoProvider.Default"/> when null.</param>
    /// <param name="logger">Logs session establishment and rejections (codes only, never key material).</param>
    /// <param name="timeProvider">The clock that ages skipped message keys (§6.5); <see cref="TimeProvider.System"/> when null.</param>
    public SessionCipher(IProtocolStore store, ProtocolAddress remoteAddress, CryptoProvider? provider = null, ILogger<SessionCipher>? logger = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(remoteAddress);
        _store = store;
        _remoteAddress = remoteAddress;
        _provider = provider ?? CryptoProvider.Default;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Reads the type of a message from its first two bytes without decrypting it.</summary>
    /// <param name="message">The message.</param>
    /// <returns>The type, or <see cref="CiphertextMessageType.Unknown"/>.</returns>
    public static CiphertextMessageType GetMessageType(ReadOnlySpan<byte> message) =>
        message.Length < 2 || message[0] != ProtocolConstants.Version || message[1] is 0 or > ProtocolConstants.TypeAttachment
            ? CiphertextMessageType.Unknown
            : (CiphertextMessageType)message[1];

    /// <summary>Encrypts a message. Until the peer has replied, the result is a prekey message.</summary>
    /// <param name="plaintext">The plaintext.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The message bytes.</returns>
    /// <exception cref="NoSessionException">There is no session with the device.</exception>
    /// <exception cref="UntrustedIdentityException">The peer's pinned key changed since the session started.</exception>
    public async ValueTask<byte[]> EncryptAsync(ReadOnlyMemory<byte> plaintext, CancellationToken cancellationToken = default)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var record = await _store.LoadSessionAsync(_remoteAddress, cancellationToken).ConfigureAwait(false);
            var state = record?.Current ?? throw new NoSessionException($"No session with {_remoteAddress}.");
            if (!await _store.IsTrustedIdentityAsync(_remoteAddress.UserId, state.RemoteIdentity, cancellationToken).ConfigureAwait(false))
            {
                CryptoLog.UntrustedIdentity(_logger, _remoteAddress.UserId);
                throw new UntrustedIdentityException(_remoteAddress.UserId, state.RemoteIdentity);
            }

            var ratchetLength = RatchetMessage.GetLength(plaintext.Length);
            byte[] output;
            if (state.Pending is { } pending)
            {
                output = new byte[PreKeyMessage.PrefixSize + ratchetLength];
                PreKeyMessage.WritePrefix(output, state.LocalIdentity, state.BaseKey, pending);
                state.Encrypt(_provider.Primitives, plaintext.Span, output.AsSpan(PreKeyMessage.PrefixSize));
            }
            else
            {
                output = new byte[ratchetLength];
                state.Encrypt(_provider.Primitives, plaintext.Span, output);
            }

            await StoreAsync(record, cancellationToken).ConfigureAwait(false);
            return output;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>
    /// Decrypts a prekey or ratchet message. Nothing is changed (session, prekeys, pinned identity) unless the
    /// message authenticates.
    /// </summary>
    /// <param name="message">The message bytes.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The plaintext.</returns>
    /// <exception cref="InvalidMessageException">Malformed, forged, truncated, or skipping too many keys.</exception>
    /// <exception cref="DuplicateMessageException">Already decrypted.</exception>
    /// <exception cref="NoSessionException">A ratchet message arrived with no session.</exception>
    /// <exception cref="MissingPreKeyException">A prekey message refers to unknown or consumed prekeys.</exception>
    /// <exception cref="UntrustedIdentityException">A prekey message carries an identity key that differs from the pinned one.</exception>
    public async ValueTask<byte[]> DecryptAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var plaintext = GetMessageType(message.Span) switch
            {
                CiphertextMessageType.Ratchet => await DecryptRatchetAsync(message, cancellationToken).ConfigureAwait(false),
                CiphertextMessageType.PreKey => await DecryptPreKeyAsync(message, cancellationToken).ConfigureAwait(false),
                _ when message.Length >= 1 && message.Span[0] != ProtocolConstants.Version =>
                    throw new InvalidMessageException(CryptoErrorCode.UnsupportedVersion, "Unsupported message version."),
                _ => throw new InvalidMessageException("Not a pairwise message."),
            };
            CryptoMetrics.RecordDecrypted("pairwise");
            return plaintext;
        }
        catch (ChatalotCryptoException ex)
        {
            CryptoMetrics.RecordRejected("pairwise", ex.Code);
            CryptoLog.MessageRejected(_logger, "pairwise", _remoteAddress.ToString(), ex.Code);
            throw;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _lock.Dispose();

    /// <inheritdoc />
    public override string ToString() => $"SessionCipher({_remoteAddress})";

    private async ValueTask<byte[]> DecryptRatchetAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        var record = await _store.LoadSessionAsync(_remoteAddress, cancellationToken).ConfigureAwait(false);
        if (record is null || !record.HasSession)
        {
            throw new NoSessionException($"No session with {_remoteAddress}.");
        }

        var plaintext = DecryptWithAnyState(record, message.Span);
        await StoreAsync(record, cancellationToken).ConfigureAwait(false);
        return plaintext;
    }

    /// <summary>Tries the current state, then archived ones (each transactionally); a success promotes the state.</summary>
    private byte[] DecryptWithAnyState(SessionRecord record, ReadOnlySpan<byte> message)
    {
        ChatalotCryptoException first;
        try
        {
            // The common case touches only the current state and allocates nothing but the plaintext.
            return record.Current!.Decrypt(_provider.Primitives, message, Now);
        }
        catch (ChatalotCryptoException ex) when (ex is InvalidMessageException or DuplicateMessageException)
        {
            // Report the current state's verdict (e.g. DuplicateMessage) unless an archived state succeeds.
            first = ex;
        }

        foreach (var state in record.States.Skip(1).ToArray())
        {
            try
            {
                var plaintext = state.Decrypt(_provider.Primitives, message, Now);
                record.Promote(state);
                return plaintext;
            }
            catch (ChatalotCryptoException ex) when (ex is InvalidMessageException or DuplicateMessageException)
            {
            }
        }

        throw first;
    }

    private async ValueTask<byte[]> DecryptPreKeyAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        var (identityKey, baseKey, signedId, oneTimeId, kemId) = ParsePreKeyHeader(message.Span);
        var sessionId = new byte[32];
        _provider.Primitives.Sha256(message.Span[..PreKeyMessage.PrefixSize], sessionId);
        var record = await _store.LoadSessionAsync(_remoteAddress, cancellationToken).ConfigureAwait(false);

        // A prekey message for a session we already have (byte-identical prefix) is just a ratchet message on it: this
        // is how repeated prekey messages and replays of the first message are handled without re-running PQXDH.
        if (record is not null)
        {
            foreach (var existing in record.States)
            {
                if (existing.SessionId.AsSpan().SequenceEqual(sessionId))
                {
                    var plaintext = existing.Decrypt(_provider.Primitives, message.Span[PreKeyMessage.PrefixSize..], Now);
                    record.Promote(existing);
                    await StoreAsync(record, cancellationToken).ConfigureAwait(false);
                    return plaintext;
                }
            }
        }

        if (record is not null && record.HasSeen(sessionId))
        {
            throw new DuplicateMessageException("The prekey message belongs to a session that was already established and dropped.");
        }

        if (!await _store.IsTrustedIdentityAsync(_remoteAddress.UserId, identityKey, cancellationToken).ConfigureAwait(false))
        {
            CryptoLog.UntrustedIdentity(_logger, _remoteAddress.UserId);
            throw new UntrustedIdentityException(_remoteAddress.UserId, identityKey);
        }

        var signedPreKey = await _store.LoadSignedPreKeyAsync(signedId, cancellationToken).ConfigureAwait(false)
            ?? throw new MissingPreKeyException($"Unknown signed prekey {signedId}.");
        PreKeyRecord? oneTimePreKey = null;
        if (oneTimeId is { } id)
        {
            oneTimePreKey = await _store.LoadPreKeyAsync(id, cancellationToken).ConfigureAwait(false)
                ?? throw new MissingPreKeyException($"Unknown or consumed one-time prekey {id}.");
        }

        var kemPreKey = await _store.LoadKemPreKeyAsync(kemId, cancellationToken).ConfigureAwait(false)
            ?? throw new MissingPreKeyException($"Unknown or consumed KEM prekey {kemId}.");
        var identity = await _store.GetIdentityKeyPairAsync(cancellationToken).ConfigureAwait(false);
        var localAddress = await _store.GetLocalAddressAsync(cancellationToken).ConfigureAwait(false);

        var state = CreateResponderState(message.Span, identity, localAddress, identityKey, signedPreKey, oneTimePreKey, kemPreKey);
        var result = state.Decrypt(_provider.Primitives, message.Span[PreKeyMessage.PrefixSize..], Now);

        // Authenticated: only now consume prekeys, pin the identity and store the session (W6 of the old scheme). The
        // KEM use is recorded first because for the last-resort key it is also the replay check (§5.2 step 4): a first
        // message that used no one-time prekey is otherwise valid forever, long after its session id left the record.
        if (!await _store.MarkKemPreKeyUsedAsync(kemId, signedId, baseKey, cancellationToken).ConfigureAwait(false))
        {
            state.WipeAll();
            CryptographicOperations.ZeroMemory(result);
            throw new DuplicateMessageException("The prekey message replays a session already started with the last-resort KEM prekey.");
        }

        record ??= new SessionRecord();
        record.Promote(state);
        var change = await _store.SaveIdentityAsync(_remoteAddress.UserId, identityKey, cancellationToken).ConfigureAwait(false);
        if (change != IdentityChange.Unchanged)
        {
            CryptoLog.IdentityPinned(_logger, _remoteAddress.UserId, change);
        }

        await StoreAsync(record, cancellationToken).ConfigureAwait(false);
        if (oneTimeId is { } consumed)
        {
            await _store.RemovePreKeyAsync(consumed, cancellationToken).ConfigureAwait(false);
        }

        CryptoMetrics.RecordSessionStarted("responder");
        CryptoLog.SessionEstablished(_logger, _remoteAddress, "responder");
        return result;
    }

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Every store is a commit point: expired skipped keys are deleted then (§6.5), not on failed decrypts.</summary>
    private ValueTask StoreAsync(SessionRecord record, CancellationToken cancellationToken)
    {
        record.PruneSkippedKeys(Now);
        return _store.StoreSessionAsync(_remoteAddress, record, cancellationToken);
    }

    private static (IdentityKey IdentityKey, byte[] BaseKey, uint SignedId, uint? OneTimeId, uint KemId) ParsePreKeyHeader(ReadOnlySpan<byte> message)
    {
        var parsed = new PreKeyMessage(message);
        return (IdentityKey.FromBytes(parsed.IdentityKey), parsed.BaseKey.ToArray(), parsed.SignedPreKeyId, parsed.OneTimePreKeyId, parsed.KemPreKeyId);
    }

    private RatchetState CreateResponderState(ReadOnlySpan<byte> message, IdentityKeyPair identity, ProtocolAddress localAddress, IdentityKey remoteIdentity,
        SignedPreKeyRecord signedPreKey, PreKeyRecord? oneTimePreKey, KemPreKeyRecord kemPreKey)
    {
        var parsed = new PreKeyMessage(message);
        return Pqxdh.Respond(_provider.Primitives, identity, localAddress, _remoteAddress, remoteIdentity, parsed.BaseKey,
            signedPreKey, oneTimePreKey, kemPreKey, parsed.KemCiphertext, message[..PreKeyMessage.PrefixSize]);
    }
}
