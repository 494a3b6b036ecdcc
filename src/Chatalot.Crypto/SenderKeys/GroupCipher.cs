using System.Buffers.Binary;
using Chatalot.Crypto.Internal;
using Chatalot.Crypto.Primitives.Internal;
using Chatalot.Crypto.SenderKeys.Internal;
using Chatalot.Crypto.Sessions.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chatalot.Crypto;

/// <summary>
/// Encrypts this device's messages to a channel and decrypts other members' messages with sender keys. Every
/// message is signed with the chain's Ed25519 key and verified before it is decrypted.
/// </summary>
public sealed class GroupCipher : IDisposable
{
    private readonly ISenderKeyStore _store;
    private readonly SenderKeyName _name;
    private readonly CryptoProvider _provider;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly ILogger _logger;

    /// <summary>Creates a cipher for one (channel, sender device).</summary>
    /// <param name="store">The sender-key store.</param>
    /// <param name="name">The channel and the sending device (this device to encrypt, a member's device to decrypt).</param>
    /// <param name="provider">The provider; <see cref="CryptoProvider.Default"/> when null.</param>
    /// <param name="logger">Logs rejected messages (codes only, never key material).</param>
    public GroupCipher(ISenderKeyStore store, SenderKeyName name, CryptoProvider? provider = null, ILogger<GroupCipher>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(name);
        _store = store;
        _name = name;
        _provider = provider ?? CryptoProvider.Default;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Encrypts and signs a group message with this device's current chain.</summary>
    /// <param name="plaintext">The plaintext.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The message bytes.</returns>
    /// <exception cref="NoSessionException"><see cref="CryptoErrorCode.NoSenderKey"/> when no chain was created yet.</exception>
    public async ValueTask<byte[]> EncryptAsync(ReadOnlyMemory<byte> plaintext, CancellationToken cancellationToken = default)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var record = await _store.LoadSenderKeyAsync(_name, cancellationToken).ConfigureAwait(false);
            var state = record?.Current;
            if (record is null || state?.SigningSeed is null)
            {
                throw new NoSessionException(CryptoErrorCode.NoSenderKey, "No own sender key for this channel; create a distribution message first.");
            }

            var message = state.Encrypt(_provider.Primitives, plaintext.Span);
            await _store.StoreSenderKeyAsync(_name, record, cancellationToken).ConfigureAwait(false);
            return message;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Verifies and decrypts a group message; the stored chain changes only if it authenticates.</summary>
    /// <param name="message">The message bytes.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The plaintext.</returns>
    /// <exception cref="InvalidMessageException">Malformed, bad signature, forged, or too far ahead.</exception>
    /// <exception cref="DuplicateMessageException">Already decrypted.</exception>
    /// <exception cref="NoSessionException"><see cref="CryptoErrorCode.NoSenderKey"/> for an unknown chain.</exception>
    public async ValueTask<byte[]> DecryptAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
    {
        try
        {
            var plaintext = await DecryptCoreAsync(message, cancellationToken).ConfigureAwait(false);
            CryptoMetrics.RecordDecrypted("group");
            return plaintext;
        }
        catch (ChatalotCryptoException ex)
        {
            CryptoMetrics.RecordRejected("group", ex.Code);
            CryptoLog.MessageRejected(_logger, "group", _name.ToString(), ex.Code);
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _lock.Dispose();

    /// <inheritdoc />
    public override string ToString() => $"GroupCipher({_name})";

    private async ValueTask<byte[]> DecryptCoreAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        var span = message.Span;
        if (span.Length < SenderKeyState.MessageHeaderSize + CryptoPrimitives.AeadTagSize + SenderKeyState.SignatureSize)
        {
            throw new InvalidMessageException("The group message is truncated.");
        }

        if (span[0] != ProtocolConstants.Version)
        {
            throw new InvalidMessageException(CryptoErrorCode.UnsupportedVersion, "Unsupported message version.");
        }

        if (span[1] != ProtocolConstants.TypeSenderKey)
        {
            throw new InvalidMessageException("Not a group message.");
        }

        var chainId = BinaryPrimitives.ReadUInt32BigEndian(span[2..]);
        var iteration = BinaryPrimitives.ReadUInt32BigEndian(span[6..]);
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var record = await _store.LoadSenderKeyAsync(_name, cancellationToken).ConfigureAwait(false);
            var state = record?.Find(chainId);
            if (record is null || state is null)
            {
                throw new NoSessionException(CryptoErrorCode.NoSenderKey, "Unknown sender-key chain.");
            }

            var plaintext = state.Decrypt(_provider.Primitives, message.Span, iteration);
            await _store.StoreSenderKeyAsync(_name, record, cancellationToken).ConfigureAwait(false);
            return plaintext;
        }
        finally
        {
            _lock.Release();
        }
    }
}
