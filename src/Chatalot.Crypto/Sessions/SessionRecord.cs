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
    // Version 2 added the stored-at time of each skipped key (§6.5); version 1 records are still read.
    private const byte FormatVersion = 2;
    private const byte FormatVersion1 = 1;
    private const int MaxSeenSessionIds = 64;
    private readonly List<RatchetState> _states = [];

    // Session ids (§5.2) of every session this record has held, kept after the state itself is evicted, so that a
    // replayed first message (e.g. one that used only the never-deleted last-resort keys) cannot start it again.
    private readonly List<byte[]> _seenSessionIds = [];

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
        var version = reader.ReadByte();
        if (version is not (FormatVersion or FormatVersion1))
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
            record._states.Add(RatchetState.Read(ref reader, version));
        }

        var seen = reader.ReadByte();
        if (seen > MaxSeenSessionIds)
        {
            throw new InvalidStateException("Too many session ids.");
        }

        for (var i = 0; i < seen; i++)
        {
            record._seenSessionIds.Add(reader.ReadArray(32));
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

        writer.WriteByte((byte)_seenSessionIds.Count);
        foreach (var id in _seenSessionIds)
        {
            writer.Write(id);
        }

        return writer.ToArray();
    }

    /// <summary>True when a session with this id was ever held by the record.</summary>
    internal bool HasSeen(ReadOnlySpan<byte> sessionId)
    {
        foreach (var id in _seenSessionIds)
        {
            if (sessionId.SequenceEqual(id))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Deletes expired skipped keys of every state (§6.5); called before the record is stored.</summary>
    internal void PruneSkippedKeys(long nowMs)
    {
        foreach (var state in _states)
        {
            state.PruneSkippedKeys(nowMs);
        }
    }

    /// <summary>Makes <paramref name="state"/> current and archives the previous current state.</summary>
    internal void Promote(RatchetState state)
    {
        if (!HasSeen(state.SessionId))
        {
            if (_seenSessionIds.Count >= MaxSeenSessionIds)
            {
                _seenSessionIds.RemoveAt(0);
            }

            _seenSessionIds.Add(state.SessionId);
        }

        _states.Remove(state);
        _states.Insert(0, state);
        while (_states.Count > ProtocolConstants.MaxArchivedStates + 1)
        {
            _states[^1].WipeAll();
            _states.RemoveAt(_states.Count - 1);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"SessionRecord(states: {_states.Count})";
}
