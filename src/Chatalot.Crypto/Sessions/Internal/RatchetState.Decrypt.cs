using System.Security.Cryptography;
using Chatalot.Crypto.Primitives.Internal;

namespace Chatalot.Crypto.Sessions.Internal;

/// <summary>Transactional RatchetDecrypt (Signal Double Ratchet spec §3.5; docs/protocol/crypto.md §6.4).</summary>
internal sealed partial class RatchetState
{
    /// <summary>
    /// Decrypts a ratchet message. On any failure the state is left exactly as it was and a typed exception is
    /// thrown: <see cref="DuplicateMessageException"/> for a message whose key was already used, otherwise
    /// <see cref="InvalidMessageException"/>.
    /// </summary>
    public byte[] Decrypt(CryptoPrimitives primitives, ReadOnlySpan<byte> message, long nowMs)
    {
        RatchetMessage.ReadHeader(message, out var ratchetKey, out var previousCount, out var number);
        var header = message[..RatchetMessage.HeaderSize];
        var ciphertext = message[RatchetMessage.HeaderSize..];
        var plaintext = new byte[ciphertext.Length - RatchetMessage.TagSize];

        var onCurrentChain = _receivingChainKey is not null && _receivingPublic is not null && ratchetKey.SequenceEqual(_receivingPublic);
        if (onCurrentChain && number == ReceiveCount)
        {
            // Fast path (in-order message on the current chain): derive into stack buffers, commit after the tag verified.
            Span<byte> seed = stackalloc byte[32];
            Span<byte> next = stackalloc byte[32];
            RatchetKdf.ChainKey(primitives, _receivingChainKey, seed, next);
            var ok = Open(primitives, seed, header, ciphertext, plaintext);
            CryptographicOperations.ZeroMemory(seed);
            if (!ok)
            {
                CryptographicOperations.ZeroMemory(next);
                throw new InvalidMessageException("The message does not authenticate.");
            }

            next.CopyTo(_receivingChainKey);
            CryptographicOperations.ZeroMemory(next);
            ReceiveCount = number + 1;
            Pending = null;
            return plaintext;
        }

        var skippedIndex = FindSkipped(ratchetKey, number, nowMs);
        if (skippedIndex >= 0)
        {
            if (!Open(primitives, _skipped[skippedIndex].MessageKeySeed, header, ciphertext, plaintext))
            {
                throw new InvalidMessageException("The message does not authenticate.");
            }

            CryptographicOperations.ZeroMemory(_skipped[skippedIndex].MessageKeySeed);
            _skipped.RemoveAt(skippedIndex);
            Pending = null;
            return plaintext;
        }

        if (onCurrentChain && number < ReceiveCount)
        {
            throw new DuplicateMessageException("The message was already received.");
        }

        if (!onCurrentChain && IsPreviousReceivingKey(ratchetKey))
        {
            throw new DuplicateMessageException("The message belongs to a finished chain and was already received.");
        }

        if (!onCurrentChain && _receivingChainKey is null && _receivingPublic is not null && ratchetKey.SequenceEqual(_receivingPublic))
        {
            // The initiator's DHr is the responder's signed prekey, which never sends; nothing valid can use it.
            throw new InvalidMessageException("The message uses an invalid ratchet key.");
        }

        // Slow path: skip and/or ratchet on a copy; adopt the copy only if the message authenticates.
        var working = Clone();
        if (!onCurrentChain)
        {
            if (working._receivingChainKey is not null)
            {
                working.SkipMessageKeys(primitives, previousCount, nowMs);
            }

            working.DhRatchet(primitives, ratchetKey);
        }

        working.SkipMessageKeys(primitives, number, nowMs);
        Span<byte> messageSeed = stackalloc byte[32];
        RatchetKdf.ChainKey(primitives, working._receivingChainKey!, messageSeed, working._receivingChainKey!);
        working.ReceiveCount = number + 1;
        var authenticated = Open(primitives, messageSeed, header, ciphertext, plaintext);
        CryptographicOperations.ZeroMemory(messageSeed);
        if (!authenticated)
        {
            working.WipeSecrets();
            throw new InvalidMessageException("The message does not authenticate.");
        }

        working.Pending = null;
        CommitFrom(working);
        return plaintext;
    }

    /// <summary>Index of the unexpired skipped key for (ratchet key, N), or -1; an expired key counts as evicted (§6.5).</summary>
    private int FindSkipped(ReadOnlySpan<byte> ratchetKey, uint number, long nowMs)
    {
        for (var i = 0; i < _skipped.Count; i++)
        {
            if (_skipped[i].Number == number && ratchetKey.SequenceEqual(_skipped[i].RatchetKey) && !_skipped[i].IsExpired(nowMs))
            {
                return i;
            }
        }

        return -1;
    }

    private bool IsPreviousReceivingKey(ReadOnlySpan<byte> ratchetKey)
    {
        foreach (var key in _previousReceivingKeys)
        {
            if (ratchetKey.SequenceEqual(key))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Stores the keys of messages ReceiveCount..until-1 of the current chain (§6.5): allowed when until − Nr ≤ 1,000,
    /// checked separately for the PN skip of the old chain and the N skip of the new one.
    /// </summary>
    private void SkipMessageKeys(CryptoPrimitives primitives, uint until, long nowMs)
    {
        if (_receivingChainKey is null || until <= ReceiveCount)
        {
            return;
        }

        if (until - ReceiveCount > ProtocolConstants.MaxSkipPerStep)
        {
            throw new InvalidMessageException(CryptoErrorCode.TooManySkippedMessages, "The message skips too many message keys.");
        }

        while (ReceiveCount < until)
        {
            var seed = new byte[32];
            RatchetKdf.ChainKey(primitives, _receivingChainKey, seed, _receivingChainKey);
            if (_skipped.Count >= ProtocolConstants.MaxSkippedKeys)
            {
                // Oldest first. The seed may be shared with the committed state, so it is wiped only on commit.
                _evicted.Add(_skipped[0].MessageKeySeed);
                _skipped.RemoveAt(0);
            }

            _skipped.Add(new SkippedKey(_receivingPublic!, ReceiveCount, seed, nowMs));
            ReceiveCount++;
        }
    }

    /// <summary>DHRatchet (spec §3.5): new receiving chain from the peer's key, then a new sending key pair and chain.</summary>
    private void DhRatchet(CryptoPrimitives primitives, ReadOnlySpan<byte> remoteRatchetKey)
    {
        if (_receivingPublic is not null && _receivingChainKey is not null)
        {
            if (_previousReceivingKeys.Count >= ProtocolConstants.MaxPreviousReceivingKeys)
            {
                _previousReceivingKeys.RemoveAt(0);
            }

            _previousReceivingKeys.Add(_receivingPublic);
        }

        PreviousSendCount = SendCount;
        SendCount = 0;
        ReceiveCount = 0;
        _receivingPublic = remoteRatchetKey.ToArray();

        Span<byte> dh = stackalloc byte[32];
        if (!primitives.X25519Agree(_sendingPrivate, _receivingPublic, dh))
        {
            throw new InvalidMessageException("The ratchet key is a low-order point.");
        }

        _receivingChainKey = new byte[32];
        RatchetKdf.RootKey(primitives, _rootKey, dh, _rootKey, _receivingChainKey);

        _sendingPrivate = new byte[32];
        _sendingPublic = new byte[32];
        primitives.FillRandom(_sendingPrivate);
        primitives.X25519PublicKey(_sendingPrivate, _sendingPublic);
        if (!primitives.X25519Agree(_sendingPrivate, _receivingPublic, dh))
        {
            throw new InvalidMessageException("The ratchet key is a low-order point.");
        }

        _sendingChainKey = new byte[32];
        RatchetKdf.RootKey(primitives, _rootKey, dh, _rootKey, _sendingChainKey);
        CryptographicOperations.ZeroMemory(dh);
    }

    /// <summary>
    /// Deletes (and wipes) skipped keys that reached <see cref="ProtocolConstants.MaxSkippedKeyAge"/>, and stamps keys of
    /// unknown age (version-1 records) with <paramref name="nowMs"/>. Called only on committed states, never on a
    /// working copy, so no seed shared with a copy is wiped.
    /// </summary>
    public void PruneSkippedKeys(long nowMs)
    {
        for (var i = _skipped.Count - 1; i >= 0; i--)
        {
            var key = _skipped[i];
            if (key.StoredAtMs == 0)
            {
                _skipped[i] = key with { StoredAtMs = nowMs };
            }
            else if (key.IsExpired(nowMs))
            {
                CryptographicOperations.ZeroMemory(key.MessageKeySeed);
                _skipped.RemoveAt(i);
            }
        }
    }

    /// <summary>Wipes every secret of a state that is being dropped for good (evicted from its record).</summary>
    public void WipeAll()
    {
        WipeSecrets();
        foreach (var skipped in _skipped)
        {
            CryptographicOperations.ZeroMemory(skipped.MessageKeySeed);
        }

        _skipped.Clear();
    }

    /// <summary>Wipes a discarded working copy's fresh secrets (arrays it shares with the original are left alone).</summary>
    private void WipeSecrets()
    {
        // Root and chain keys of a clone are private copies; skipped seeds are shared with the original, so keep them.
        CryptographicOperations.ZeroMemory(_rootKey);
        CryptographicOperations.ZeroMemory(_sendingPrivate);
        if (_sendingChainKey is not null)
        {
            CryptographicOperations.ZeroMemory(_sendingChainKey);
        }

        if (_receivingChainKey is not null)
        {
            CryptographicOperations.ZeroMemory(_receivingChainKey);
        }
    }
}
