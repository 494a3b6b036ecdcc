using Chatalot.Crypto;

namespace Chatalot.Fuzz.Targets;

/// <summary>
/// A stored <see cref="SenderKeyRecord"/> (the chains of one channel sender): <see cref="SenderKeyRecord.Deserialize"/>
/// throws only <see cref="InvalidStateException"/>. An accepted record must serialise and parse again.
/// </summary>
public sealed class SenderKeyRecordTarget : FuzzTarget
{
    /// <inheritdoc />
    public override string Name => "sender-key-record";

    /// <inheritdoc />
    public override string Description => "SenderKeyRecord.Deserialize (stored sender-key chains); allows ChatalotCryptoException";

    /// <inheritdoc />
    public override int MaxInputLength => 8192;

    /// <inheritdoc />
    public override void Run(ReadOnlySpan<byte> data)
    {
        try
        {
            var record = SenderKeyRecord.Deserialize(data);
            _ = (record.HasState, record.CurrentChainId, record.ToString());
            _ = SenderKeyRecord.Deserialize(record.Serialize());
        }
        catch (ChatalotCryptoException)
        {
        }
    }

    /// <inheritdoc />
    public override IEnumerable<(string Name, byte[] Data)> CreateSeeds()
    {
        var fixture = Seeds.CryptoFixture.Create();
        yield return ("empty.bin", new SenderKeyRecord().Serialize());
        yield return ("sender.bin", fixture.SenderRecord.Serialize());
        yield return ("receiver.bin", fixture.ReceiverRecord.Serialize());
    }
}
