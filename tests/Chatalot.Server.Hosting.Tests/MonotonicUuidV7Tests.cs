using Chatalot.Server.Hosting.Common.Internal;
using Microsoft.Extensions.Time.Testing;

namespace Chatalot.Server.Hosting.Tests;

public class MonotonicUuidV7Tests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 6, 12, 0, 0, 123, TimeSpan.Zero);

    /// <summary>UUIDv7 order is the order of the big-endian bytes, which is the order of the canonical text.</summary>
    private static void AssertStrictlyIncreasing(IReadOnlyList<Guid> ids)
    {
        for (var i = 1; i < ids.Count; i++)
        {
            Assert.True(string.CompareOrdinal(ids[i - 1].ToString(), ids[i].ToString()) < 0, $"id {i} is not above id {i - 1}");
        }
    }

    private static long Millis(Guid id)
    {
        var bytes = id.ToByteArray(bigEndian: true);
        return bytes.Take(6).Aggregate(0L, (acc, b) => (acc << 8) | b);
    }

    [Fact]
    public void ManyIdsInOneMillisecond_StrictlyIncrease_AndCarryThatMillisecond()
    {
        var ids = new MonotonicUuidV7(new FakeTimeProvider(Start));
        var list = Enumerable.Range(0, 100_000).Select(_ => ids.Next()).ToList();

        AssertStrictlyIncreasing(list);
        Assert.All(list, id =>
        {
            Assert.Equal(7, id.Version);
            Assert.Equal(0b10, id.ToByteArray(bigEndian: true)[8] >> 6);
            Assert.Equal(Start.ToUnixTimeMilliseconds(), Millis(id));
        });
    }

    [Fact]
    public void ClockSteppingBack_KeepsIdsIncreasing()
    {
        var time = new SteppingClock { Now = Start };
        var ids = new MonotonicUuidV7(time);
        var before = ids.Next();
        time.Now = Start - TimeSpan.FromSeconds(5); // an NTP step back
        var after = ids.Next();

        AssertStrictlyIncreasing([before, after]);
        Assert.Equal(Start.ToUnixTimeMilliseconds(), Millis(after));
    }

    [Fact]
    public void NextMillisecond_StartsAFreshRandomCounter_AboveTheLastId()
    {
        var time = new FakeTimeProvider(Start);
        var ids = new MonotonicUuidV7(time);
        var first = ids.Next();
        time.Advance(TimeSpan.FromMilliseconds(1));
        var second = ids.Next();

        AssertStrictlyIncreasing([first, second]);
        Assert.Equal(Start.ToUnixTimeMilliseconds() + 1, Millis(second));
    }

    [Fact]
    public void ConcurrentCallers_GetDistinctIncreasingIds()
    {
        var ids = new MonotonicUuidV7(new FakeTimeProvider(Start));
        var bag = new System.Collections.Concurrent.ConcurrentBag<Guid>();
        Parallel.For(0, 20_000, _ => bag.Add(ids.Next()));

        Assert.Equal(20_000, bag.Distinct().Count());
    }

    [Fact]
    public void ClockUtcNow_IsTruncatedToTheMillisecond()
    {
        var clock = new Clock(new FakeTimeProvider(Start + TimeSpan.FromTicks(9_999)));
        Assert.Equal(Start, clock.UtcNow);
        Assert.Equal(TimeSpan.Zero, clock.UtcNow.Offset);
    }

    /// <summary>A wall clock that can step backwards, as a real one can (FakeTimeProvider refuses to).</summary>
    private sealed class SteppingClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
