using Chatalot.Client.Encryption.Internal;

namespace Chatalot.Client.Tests.Encryption;

public class SenderKeyLedgerTests
{
    private static readonly UserId Alice = new(Guid.NewGuid());
    private static readonly UserId Bob = new(Guid.NewGuid());
    private static readonly UserId Carol = new(Guid.NewGuid());

    private static byte[] Distribution(uint iteration) => [.. Enumerable.Range(0, 74).Select(i => (byte)(i + iteration))];

    [Fact]
    public void EntitlementOf_IsTheFirstPointTheUserWasIncludedAt()
    {
        var ledger = new SenderKeyLedger(chainId: 5);
        ledger.AddPoint(0, Distribution(0), [Alice, Bob]);
        ledger.AddPoint(12, Distribution(12), [Alice, Bob, Carol]);

        Assert.Equal(0u, ledger.EntitlementOf(Bob)!.Iteration);
        Assert.Equal(12u, ledger.EntitlementOf(Carol)!.Iteration);
        Assert.Equal(Distribution(12), ledger.EntitlementOf(Carol)!.Distribution);
        Assert.Null(ledger.EntitlementOf(new UserId(Guid.NewGuid())));
    }

    [Fact]
    public void AddPoint_ListsOnlyUsersNotIncludedBefore()
    {
        var ledger = new SenderKeyLedger(chainId: 5);
        ledger.AddPoint(0, Distribution(0), [Alice, Bob]);

        var later = ledger.AddPoint(3, Distribution(3), [Alice, Bob, Carol]);

        Assert.Equal([Carol], later.Users);
    }

    [Fact]
    public void Devices_AreThoseGivenAnyPoint()
    {
        var ledger = new SenderKeyLedger(chainId: 5);
        ledger.AddPoint(0, Distribution(0), [Bob]).Devices.Add((Bob, new DeviceId(1)));
        ledger.AddPoint(4, Distribution(4), [Carol]).Devices.Add((Carol, new DeviceId(2)));

        Assert.True(ledger.HasDevice((Bob, new DeviceId(1))));
        Assert.True(ledger.HasDevice((Carol, new DeviceId(2))));
        Assert.False(ledger.HasDevice((Bob, new DeviceId(2))));
        Assert.Equal(2, ledger.Devices.Count());
    }

    [Fact]
    public void Serialize_RoundTrips_ChainPointsUsersAndDevices()
    {
        var ledger = new SenderKeyLedger(chainId: 0xDEADBEEF);
        ledger.AddPoint(0, Distribution(0), [Alice, Bob]).Devices.UnionWith([(Bob, new DeviceId(1)), (Bob, new DeviceId(int.MaxValue))]);
        ledger.AddPoint(40, Distribution(40), [Carol]);

        var copy = SenderKeyLedger.Deserialize(ledger.Serialize());

        Assert.NotNull(copy);
        Assert.Equal(ledger.ChainId, copy.ChainId);
        Assert.Equal(ledger.Points.Count, copy.Points.Count);
        foreach (var (original, read) in ledger.Points.Zip(copy.Points))
        {
            Assert.Equal(original.Iteration, read.Iteration);
            Assert.Equal(original.Distribution, read.Distribution);
            Assert.Equal(original.Users.OrderBy(u => u.Value), read.Users.OrderBy(u => u.Value));
            Assert.Equal(original.Devices.OrderBy(d => (d.User.Value, d.Device.Value)), read.Devices.OrderBy(d => (d.User.Value, d.Device.Value)));
        }

        Assert.Equal(ledger.Serialize(), copy.Serialize());
    }

    [Fact]
    public void Deserialize_OtherFormatVersion_IsNull()
    {
        var bytes = new SenderKeyLedger(chainId: 1).Serialize();
        bytes[0] = 3;

        Assert.Null(SenderKeyLedger.Deserialize(bytes));
    }

    [Fact]
    public void Deserialize_AnyTruncatedRecord_IsNull()
    {
        var ledger = new SenderKeyLedger(chainId: 9);
        ledger.AddPoint(0, Distribution(0), [Alice, Bob]).Devices.Add((Bob, new DeviceId(3)));
        ledger.AddPoint(7, Distribution(7), [Carol]).Devices.Add((Carol, new DeviceId(4)));
        var bytes = ledger.Serialize();

        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.Null(SenderKeyLedger.Deserialize(bytes[..length]));
        }
    }

    [Fact]
    public void AddPoint_PastTheBound_FoldsTheOldestIntoTheNext_NarrowingItsUsersEntitlement()
    {
        var ledger = new SenderKeyLedger(chainId: 5);
        ledger.AddPoint(0, Distribution(0), [Alice]).Devices.Add((Alice, new DeviceId(1)));
        ledger.AddPoint(10, Distribution(10), [Bob]);
        for (uint i = 2; i < 32; i++)
        {
            ledger.AddPoint(i * 10, Distribution(i * 10), []);
        }

        for (uint i = 32; i < SenderKeyLedger.MaxPoints; i++)
        {
            ledger.AddPoint(i * 10, Distribution(i * 10), []);
        }

        Assert.Equal(SenderKeyLedger.MaxPoints, ledger.Points.Count);
        ledger.AddPoint(320, Distribution(320), [Carol]);

        Assert.Equal(SenderKeyLedger.MaxPoints, ledger.Points.Count);
        Assert.Equal(10u, ledger.Points[0].Iteration);
        Assert.Equal(10u, ledger.EntitlementOf(Alice)!.Iteration);
        Assert.Equal(10u, ledger.EntitlementOf(Bob)!.Iteration);
        Assert.Equal(320u, ledger.EntitlementOf(Carol)!.Iteration);
        Assert.True(ledger.HasDevice((Alice, new DeviceId(1))));
        Assert.Equal(ledger.Points.Count, SenderKeyLedger.Deserialize(ledger.Serialize())!.Points.Count);
    }
}
