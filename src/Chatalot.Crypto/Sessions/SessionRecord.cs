using Chatalot.Crypto.Internal;
using Chatalot.Crypto.Sessions.Internal;

namespace Chatalot.Crypto;

/// <summary>
/// Everything a device knows about its sessions with one remote device: the current session and a few archived
/// ones (kept for simultaneous initiation and late messages). Persist it with <see cref="Serialize"/>; the bytes
/// contain root, chain and message keys, so keep them in protected storage.
/// </summary>
public sealed class SessionRecord
{
    private const byte FormatVersion = 1;
    private readonly List<RatchetState> _states = [];

    /// <summary>Creates an empty record.</summary>
    public SessionRecord()
    {
    }

    /// <summary>True when the record holds a usable session.</summary>
    public bool HasSession => _states.Count > 0;

    /// <summary>The remote identity key of the current session, if any.</summary>
    public IdentityKey? RemoteIdentityKey => _states.Count > 0 ? _states[0].RemoteIdentity : null;

    /// <summary>Number of archived (non-current) session states.</summary>
    public int ArchivedStateCount => Math.Max(0, _states.Count - 1);

    internal RatchetState? Current => _states.Count > 0 ? _states[0] : null;

    internal IReadOnlyList<RatchetState> States => _states;

    /// <summary>Reads a record written by <see cref="Serialize"/>.</summary>
    /// <param name="data">The serialised record.</param>
    /// <returns>The record.</returns>
    /// <exception cref="InvalidStateException">The data is malformed or of an unknown version.</exception>
    public static SessionRecord Deserialize(ReadOnlySpan<byte> data)
    {
        var reader = new WireReader(data, static m => new InvalidStateException(m));
        if (reader.ReadByte() != FormatVersion)
        {
            throw new InvalidStateException("Unsupported session record version.");
        }

        var count = reader.ReadByte();
        if (count > ProtocolConstants.MaxArchivedStates + 1)
        {
            throw new InvalidStateException("Too many session states.");
        }

        var record = new SessionRecord();
        for (var i = 0; i < count; i++)
        {
            record._states.Add(RatchetState.Read(ref reader));
        }

        reader.EnsureEnd();
        return record;
    }

    /// <summary>Serialises the record (secret: contains session keys).</summary>
    /// <returns>The serialised record.</returns>
    public byte[] Serialize()
    {
        using var writer = new WireWriter(512);
        writer.WriteByte(FormatVersion);
        writer.WriteByte((byte)_states.Count);
        foreach (var state in _states)
        {
            state.Write(writer);
        }

        return writer.ToArray();
    }

    /// <summary>Makes <paramref name="state"/> current and archives the previous current state.</summary>
    internal void Promote(RatchetState state)
    {
        _states.Remove(state);
        _states.Insert(0, state);
        while (_states.Count > ProtocolConstants.MaxArchivedStates + 1)
        {
            _states.RemoveAt(_states.Count - 1);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"SessionRecord(states: {_states.Count})";
}
