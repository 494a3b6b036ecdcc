using Chatalot.Crypto;

namespace Chatalot.Fuzz.Targets;

/// <summary>
/// A stored <see cref="SessionRecord"/> (ratchet states, skipped keys, seen session ids): read back from a store that
/// may be corrupt or tampered with, so <see cref="SessionRecord.Deserialize"/> throws only
/// <see cref="InvalidStateException"/>. An accepted record must serialise and parse again.
/// </summary>
public sealed class SessionRecordTarget : FuzzTarget
{
    /// <inheritdoc />
    public override string Name => "session-record";

    /// <inheritdoc />
    public override string Description => "SessionRecord.Deserialize (stored ratchet state); allows ChatalotCryptoException";

    /// <inheritdoc />
    public override int MaxInputLength => 16384;

    /// <inheritdoc />
    public override void Run(ReadOnlySpan<byte> data)
    {
        try
        {
            var record = SessionRecord.Deserialize(data);
            _ = (record.HasSession, record.RemoteIdentityKey, record.ArchivedStateCount, record.ToString());
            _ = SessionRecord.Deserialize(record.Serialize());
        }
        catch (ChatalotCryptoException)
        {
        }
    }

    /// <inheritdoc />
    public override IEnumerable<(string Name, byte[] Data)> CreateSeeds()
    {
        var fixture = Seeds.CryptoFixture.Create();
        yield return ("empty.bin", new SessionRecord().Serialize());
        yield return ("responder.bin", fixture.BobSession.Serialize());
        yield return ("initiator.bin", fixture.AliceSession.Serialize());
    }
}
