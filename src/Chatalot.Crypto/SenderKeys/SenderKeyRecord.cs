using Chatalot.Crypto.Internal;
using Chatalot.Crypto.SenderKeys.Internal;

namespace Chatalot.Crypto;

/// <summary>
/// The sender-key chains known for one (channel, sender device): the newest first, a few older ones kept so that
/// messages sent just before a rotation still decrypt. Serialise it for storage; the bytes are secret.
/// </summary>
public sealed class SenderKeyRecord
{
    /// <summary>Chains kept per record.</summary>
    public const int MaxStates = 5;

    private const byte FormatVersion = 1;
    private const int MaxSeenChainIds = 64;
    private readonly List<SenderKeyState> _states = [];

    // Chain ids ever installed, kept after the chain is evicted so a re-sent old distribution cannot revive it.
    private readonly List<uint> _seenChainIds = [];

    /// <summary>Creates an empty record.</summary>
    public SenderKeyRecord()
    {
    }

    /// <summary>True when the record holds at least one chain.</summary>
    public bool HasState => _states.Count > 0;

    /// <summary>The chain id of the newest chain, if any (public metadata, also visible on the wire).</summary>
    public uint? CurrentChainId => _states.Count > 0 ? _states[0].ChainId : null;

    internal SenderKeyState? Current => _states.Count > 0 ? _states[0] : null;

    /// <summary>Reads a record written by <see cref="Serialize"/>.</summary>
    /// <param name="data">The serialised record.</param>
    /// <returns>The record.</returns>
    /// <exception cref="InvalidStateException">The data is malformed.</exception>
    public static SenderKeyRecord Deserialize(ReadOnlySpan<byte> data)
    {
        var reader = new WireReader(data, static m => new InvalidStateException(m));
        if (reader.ReadByte() != FormatVersion)
        {
            throw new InvalidStateException("Unsupported sender-key record version.");
        }

        var count = reader.ReadByte();
        if (count > MaxStates)
        {
            throw new InvalidStateException("Too many sender-key states.");
        }

        var record = new SenderKeyRecord();
        for (var i = 0; i < count; i++)
        {
            record._states.Add(SenderKeyState.Read(ref reader));
        }

        var seen = reader.ReadByte();
        if (seen > MaxSeenChainIds)
        {
            throw new InvalidStateException("Too many chain ids.");
        }

        for (var i = 0; i < seen; i++)
        {
            record._seenChainIds.Add(reader.ReadUInt32());
        }

        reader.EnsureEnd();
        return record;
    }

    /// <summary>Serialises the record (secret: contains chain keys).</summary>
    /// <returns>The serialised record.</returns>
    public byte[] Serialize()
    {
        using var writer = new WireWriter(256);
        writer.WriteByte(FormatVersion);
        writer.WriteByte((byte)_states.Count);
        foreach (var state in _states)
        {
            state.Write(writer);
        }

        writer.WriteByte((byte)_seenChainIds.Count);
        foreach (var id in _seenChainIds)
        {
            writer.WriteUInt32(id);
        }

        return writer.ToArray();
    }

    internal SenderKeyState? Find(uint chainId) => _states.Find(s => s.ChainId == chainId);

    /// <summary>True when a chain with this id was ever installed in the record.</summary>
    internal bool HasSeen(uint chainId) => _seenChainIds.Contains(chainId);

    /// <summary>Adds a chain as the newest; the oldest beyond <see cref="MaxStates"/> is wiped and dropped.</summary>
    internal void Add(SenderKeyState state)
    {
        if (!_seenChainIds.Contains(state.ChainId))
        {
            if (_seenChainIds.Count >= MaxSeenChainIds)
            {
                _seenChainIds.RemoveAt(0);
            }

            _seenChainIds.Add(state.ChainId);
        }

        _states.Insert(0, state);
        while (_states.Count > MaxStates)
        {
            _states[^1].Wipe();
            _states.RemoveAt(_states.Count - 1);
        }
    }

    /// <summary>Drops every chain (used by the sender on rotation: old chains must not encrypt again).</summary>
    internal void Clear()
    {
        _states.ForEach(s => s.Wipe());
        _states.Clear();
    }

    /// <inheritdoc />
    public override string ToString() => $"SenderKeyRecord(chains: {_states.Count})";
}
