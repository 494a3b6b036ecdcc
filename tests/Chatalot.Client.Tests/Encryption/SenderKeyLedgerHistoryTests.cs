using Chatalot.Client.Encryption.Internal;
using Microsoft.Extensions.Time.Testing;

namespace Chatalot.Client.Tests.Encryption;

/// <summary>
/// The ledger's side of a channel's <c>history_days</c> (content.md §6.2): points record when they were made and the
/// option at the time; checkpoints; and which point a viewer not entitled by inclusion may be given.
/// </summary>
public class SenderKeyLedgerHistoryTests
{
    private static readonly UserId Alice = new(Guid.NewGuid());
    private static readonly UserId Carol = new(Guid.NewGuid());
    private static readonly UserId Dave = new(Guid.NewGuid());
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 9, 30, 0, TimeSpan.Zero));

    private static byte[] Distribution(uint iteration) => [.. Enumerable.Range(0, 74).Select(i => (byte)(i + iteration))];

    private DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>Adds a point now with the option at <paramref name="days"/>, then lets <paramref name="then"/> pass.</summary>
    private SenderKeyLedger.Point Add(SenderKeyLedger ledger, uint iteration, int days, TimeSpan then, params UserId[] users)
    {
        var point = ledger.AddPoint(iteration, Distribution(iteration), users, Now, days);
        _time.Advance(then);
        return point;
    }

    [Fact]
    public void Serialize_RoundTrips_WhenEachPointWasMade_AndTheOptionThen()
    {
        var ledger = new SenderKeyLedger(chainId: 77);
        Add(ledger, 0, 0, TimeSpan.FromHours(3), Alice);
        Add(ledger, 9, 30, TimeSpan.Zero);

        var copy = SenderKeyLedger.Deserialize(ledger.Serialize())!;

        Assert.Equal(ledger.Points.Select(p => (p.CreatedAt, p.HistoryDays)), copy.Points.Select(p => (p.CreatedAt, p.HistoryDays)));
        Assert.Equal(ledger.Serialize(), copy.Serialize());
    }

    [Fact]
    public void Deserialize_Format1Record_ReadsItsPoints_AsNeverShareable()
    {
        // Format 1, as written before points carried their time: version, chain id, points (iteration, distribution,
        // users, devices).
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write((byte)1);
            writer.Write(42u);
            writer.Write(1);
            writer.Write(5u);
            writer.Write(74);
            writer.Write(Distribution(5));
            writer.Write(1);
            writer.Write(Alice.Value.ToByteArray());
            writer.Write(1);
            writer.Write(Alice.Value.ToByteArray());
            writer.Write(3);
        }

        var ledger = SenderKeyLedger.Deserialize(buffer.ToArray());

        Assert.NotNull(ledger);
        Assert.Equal(42u, ledger.ChainId);
        var point = Assert.Single(ledger.Points);
        Assert.Equal(5u, point.Iteration);
        Assert.Equal(Distribution(5), point.Distribution);
        Assert.Equal([Alice], point.Users);
        Assert.True(ledger.HasDevice((Alice, new DeviceId(3))));
        Assert.Equal(0, point.HistoryDays);
        Assert.Null(ledger.SharedHistoryFor(Dave, 5, Now, 365));

        // The first write under the option then marks where sharing starts.
        Assert.True(ledger.NeedsCheckpoint(Now, 7));
        Assert.False(ledger.NeedsCheckpoint(Now, 0));
    }

    [Fact]
    public void Deserialize_TrailingBytes_IsNull()
    {
        var ledger = new SenderKeyLedger(chainId: 1);
        Add(ledger, 0, 7, TimeSpan.Zero, Alice);

        Assert.Null(SenderKeyLedger.Deserialize([.. ledger.Serialize(), 0]));
    }

    [Fact]
    public void NeedsCheckpoint_AtMostOnceADay_WhileTheOptionIsOn_AndWheneverItChanges()
    {
        var ledger = new SenderKeyLedger(chainId: 1);
        Assert.False(ledger.NeedsCheckpoint(Now, 7)); // no chain yet: the first distribution is the first point

        Add(ledger, 0, 7, TimeSpan.FromHours(23.9), Alice);
        Assert.False(ledger.NeedsCheckpoint(Now, 7));
        Assert.True(ledger.NeedsCheckpoint(Now, 30));
        Assert.True(ledger.NeedsCheckpoint(Now, 0));

        _time.Advance(TimeSpan.FromHours(0.1));
        Assert.True(ledger.NeedsCheckpoint(Now, 7));
        Add(ledger, 40, 7, TimeSpan.FromDays(3));
        Add(ledger, 41, 0, TimeSpan.FromDays(3));

        // Off and unchanged: no point marks days nobody may read.
        Assert.False(ledger.NeedsCheckpoint(Now, 0));
    }

    [Fact]
    public void SharedHistoryFor_IsTheEarliestPointOfTheWindow_AtOrBeforeTheIterationAsked()
    {
        var ledger = new SenderKeyLedger(chainId: 1);
        var a = Add(ledger, 0, 7, TimeSpan.FromDays(1), Alice);
        var b = Add(ledger, 10, 7, TimeSpan.FromDays(1));
        Add(ledger, 20, 7, TimeSpan.FromHours(1));

        Assert.Same(a, ledger.SharedHistoryFor(Dave, 15, Now, 7));
        Assert.Same(a, ledger.SharedHistoryFor(Dave, 0, Now, 7));

        // Once a is older than the window, the window starts at b, and what came before b stays closed.
        _time.Advance(TimeSpan.FromDays(5));
        Assert.Same(b, ledger.SharedHistoryFor(Dave, 15, Now, 7));
        Assert.Null(ledger.SharedHistoryFor(Dave, 5, Now, 7));
    }

    [Fact]
    public void SharedHistoryFor_NeverOpensAPointMadeWhileTheOptionWasOff_NorOneBeforeIt()
    {
        var ledger = new SenderKeyLedger(chainId: 1);
        Add(ledger, 0, 0, TimeSpan.FromHours(1), Alice);
        Add(ledger, 10, 7, TimeSpan.FromHours(1));
        Add(ledger, 20, 0, TimeSpan.FromHours(1));
        var onAgain = Add(ledger, 30, 7, TimeSpan.FromHours(1));

        Assert.Same(onAgain, ledger.SharedHistoryFor(Dave, 35, Now, 7));
        // on is shareable itself, but handing it out would open what was sent while off, from 20.
        Assert.Null(ledger.SharedHistoryFor(Dave, 25, Now, 7));
        Assert.Null(ledger.SharedHistoryFor(Dave, 15, Now, 7));
        Assert.Null(ledger.SharedHistoryFor(Dave, 5, Now, 7));
    }

    [Fact]
    public void SharedHistoryFor_UsesTheSmallerOfTheOptionNowAndTheOptionThen()
    {
        var ledger = new SenderKeyLedger(chainId: 1);
        Add(ledger, 0, 1, TimeSpan.FromDays(2), Alice);

        // Raising the option later does not reach points made under a smaller one...
        Assert.Null(ledger.SharedHistoryFor(Dave, 3, Now, 365));

        var wide = new SenderKeyLedger(chainId: 2);
        var made = Add(wide, 0, 30, TimeSpan.FromDays(10), Alice);
        // ...lowering it narrows at once, and turning it off closes everything.
        Assert.Same(made, wide.SharedHistoryFor(Dave, 3, Now, 30));
        Assert.Null(wide.SharedHistoryFor(Dave, 3, Now, 7));
        Assert.Null(wide.SharedHistoryFor(Dave, 3, Now, 0));
    }

    [Fact]
    public void SharedHistoryFor_AnIncludedUser_ReachesBackFromItsOwnEntitlement()
    {
        var ledger = new SenderKeyLedger(chainId: 1);
        var first = Add(ledger, 0, 7, TimeSpan.FromHours(5), Alice);
        Add(ledger, 10, 0, TimeSpan.FromHours(5), Carol);

        // Carol was included at 10, where the option was already off: only the points before her entitlement count,
        // and the first one is shareable; what was sent after her inclusion is hers anyway.
        Assert.Same(first, ledger.SharedHistoryFor(Carol, 5, Now, 7));
        // Dave is included nowhere: the point he would need opens everything up to now, including the off stretch.
        Assert.Null(ledger.SharedHistoryFor(Dave, 5, Now, 7));
    }

    [Fact]
    public void SharedHistoryFor_SkipsPointsTooFarBehind_ForTheReceiverToStepOver()
    {
        var ledger = new SenderKeyLedger(chainId: 1);
        var early = Add(ledger, 0, 7, TimeSpan.FromHours(1), Alice);
        var late = Add(ledger, 3000, 7, TimeSpan.FromHours(1));

        Assert.Same(late, ledger.SharedHistoryFor(Dave, 3000 + SenderKeyLedger.MaxHistoryGap, Now, 7));
        Assert.Null(ledger.SharedHistoryFor(Dave, 3000 + SenderKeyLedger.MaxHistoryGap + 1, Now, 7));
        Assert.Same(late, ledger.SharedHistoryFor(Dave, 3500, Now, 7));
        Assert.Same(early, ledger.SharedHistoryFor(Dave, SenderKeyLedger.MaxHistoryGap, Now, 7));
        Assert.Null(ledger.SharedHistoryFor(Dave, SenderKeyLedger.MaxHistoryGap + 1, Now, 7));
    }
}
