using Chatalot.Crypto.Internal;
using Chatalot.Crypto.Primitives.Internal;

namespace Chatalot.Crypto.Sessions.Internal;

/// <summary>Versioned binary form of a session state (docs/protocol/crypto.md §12); round-trips every field, skipped keys included.</summary>
internal sealed partial class RatchetState
{
    private const int MaxAssociatedData = 1024;

    public void Write(WireWriter writer)
    {
        writer.Write(_rootKey);
        writer.Write(_sendingPrivate);
        writer.Write(_sendingPublic);
        WriteOptional(writer, _receivingPublic);
        WriteOptional(writer, _sendingChainKey);
        WriteOptional(writer, _receivingChainKey);
        writer.WriteUInt32(SendCount);
        writer.WriteUInt32(ReceiveCount);
        writer.WriteUInt32(PreviousSendCount);
        writer.WriteLengthPrefixed(AssociatedData);
        writer.Write(LocalIdentity.Span);
        writer.Write(RemoteIdentity.Span);
        writer.Write(BaseKey);
        writer.Write(SessionId);
        writer.WriteBool(Pending is not null);
        if (Pending is not null)
        {
            writer.WriteUInt32(Pending.SignedPreKeyId);
            writer.WriteBool(Pending.OneTimePreKeyId.HasValue);
            writer.WriteUInt32(Pending.OneTimePreKeyId ?? 0);
            writer.WriteUInt32(Pending.KemPreKeyId);
            writer.Write(Pending.KemCiphertext);
        }

        writer.WriteUInt32((uint)_skipped.Count);
        foreach (var skipped in _skipped)
        {
            writer.Write(skipped.RatchetKey);
            writer.WriteUInt32(skipped.Number);
            writer.WriteInt64(skipped.StoredAtMs);
            writer.Write(skipped.MessageKeySeed);
        }

        writer.WriteUInt32((uint)_previousReceivingKeys.Count);
        foreach (var key in _previousReceivingKeys)
        {
            writer.Write(key);
        }
    }

    /// <summary>Reads a state; <paramref name="formatVersion"/> 1 has no stored-at time per skipped key.</summary>
    public static RatchetState Read(ref WireReader reader, byte formatVersion)
    {
        var rootKey = reader.ReadArray(32);
        var sendingPrivate = reader.ReadArray(32);
        var sendingPublic = reader.ReadArray(32);
        var receivingPublic = ReadOptional(ref reader);
        var sendingChainKey = ReadOptional(ref reader);
        var receivingChainKey = ReadOptional(ref reader);
        var sendCount = reader.ReadUInt32();
        var receiveCount = reader.ReadUInt32();
        var previousSendCount = reader.ReadUInt32();
        var associatedData = reader.ReadLengthPrefixed(MaxAssociatedData).ToArray();
        var localIdentity = IdentityKey.FromBytes(reader.ReadBytes(32));
        var remoteIdentity = IdentityKey.FromBytes(reader.ReadBytes(32));
        var baseKey = reader.ReadArray(32);
        var sessionId = reader.ReadArray(32);
        PendingPreKey? pending = null;
        if (reader.ReadBool())
        {
            var signedPreKeyId = reader.ReadUInt32();
            var hasOneTime = reader.ReadBool();
            var oneTimeId = reader.ReadUInt32();
            pending = new PendingPreKey(signedPreKeyId, hasOneTime ? oneTimeId : null, reader.ReadUInt32(), reader.ReadArray(MlKem768.CiphertextSize));
        }

        var skippedCount = reader.ReadUInt32();
        if (skippedCount > ProtocolConstants.MaxSkippedKeys)
        {
            throw new InvalidStateException("Too many skipped keys in the session record.");
        }

        var skipped = new List<SkippedKey>((int)skippedCount);
        for (var i = 0; i < skippedCount; i++)
        {
            var ratchetKey = reader.ReadArray(32);
            var number = reader.ReadUInt32();
            var storedAt = formatVersion >= 2 ? reader.ReadInt64() : 0;
            if (storedAt < 0)
            {
                throw new InvalidStateException("Invalid skipped key time in the session record.");
            }

            skipped.Add(new SkippedKey(ratchetKey, number, reader.ReadArray(32), storedAt));
        }

        var previousCount = reader.ReadUInt32();
        if (previousCount > ProtocolConstants.MaxPreviousReceivingKeys)
        {
            throw new InvalidStateException("Too many previous ratchet keys in the session record.");
        }

        var previous = new List<byte[]>((int)previousCount);
        for (var i = 0; i < previousCount; i++)
        {
            previous.Add(reader.ReadArray(32));
        }

        return new RatchetState(associatedData, localIdentity, remoteIdentity, baseKey)
        {
            _rootKey = rootKey,
            _sendingPrivate = sendingPrivate,
            _sendingPublic = sendingPublic,
            _receivingPublic = receivingPublic,
            _sendingChainKey = sendingChainKey,
            _receivingChainKey = receivingChainKey,
            _skipped = skipped,
            _previousReceivingKeys = previous,
            SendCount = sendCount,
            ReceiveCount = receiveCount,
            PreviousSendCount = previousSendCount,
            Pending = pending,
            SessionId = sessionId,
        };
    }

    private static void WriteOptional(WireWriter writer, byte[]? value)
    {
        writer.WriteBool(value is not null);
        if (value is not null)
        {
            writer.Write(value);
        }
    }

    private static byte[]? ReadOptional(ref WireReader reader) => reader.ReadBool() ? reader.ReadArray(32) : null;
}
