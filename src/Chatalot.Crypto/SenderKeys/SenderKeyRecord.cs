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
    private readonly List<SenderKeyState> _states = [];

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

        return writer.ToArray();
    }

    internal SenderKeyState? Find(uint chainId) => _states.Find(s => s.ChainId == chainId);

    /// <summary>Adds a chain as the newest; the oldest beyond <see cref="MaxStates"/> is wiped and dropped.</summary>
    internal void Add(SenderKeyState state)
    {
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
