using Chatalot.Client.Encryption.Internal;
using Microsoft.Extensions.Time.Testing;
using WireMessage = Chatalot.Protocol.Messages.Message;

namespace Chatalot.Client.Tests.Encryption;

public class HeldMessagesTests
{
    private static readonly KeyRecoveryOptions Options = new()
    {
        RequestAfter = TimeSpan.FromSeconds(1),
        ReportAfter = TimeSpan.FromSeconds(10),
        HoldFor = TimeSpan.FromMinutes(5),
        MaxHeld = 100,
    };

    private static readonly Guid Channel = Guid.NewGuid();
    private static readonly Guid Alice = Guid.NewGuid();
    private static readonly Guid Bob = Guid.NewGuid();

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private static WireMessage Message(Guid sender, int device = 7, Guid? channel = null) =>
        new(Guid.CreateVersion7(), channel ?? Channel, sender, device, new Protocol.Messages.MessageEnvelope(Ciphertext: new byte[64]), DateTimeOffset.UnixEpoch, Guid.NewGuid().ToString("N"));

    [Fact]
    public void Sweep_BeforeRequestAfter_AsksForNothing()
    {
        var held = new HeldMessages(Options, _time);
        held.Hold(Message(Alice), isEdit: false, catchUp: false, chainId: 1, iteration: 4);

        _time.Advance(Options.RequestAfter - TimeSpan.FromMilliseconds(1));
        var due = held.Sweep();

        Assert.Empty(due.Requests);
        Assert.Empty(due.Reports);
        Assert.Equal(1, held.Count);
    }

    [Fact]
    public void Sweep_AfterRequestAfter_RequestsTheChainOnce_FromItsEarliestHeldIteration()
    {
        var held = new HeldMessages(Options, _time);
        var first = Message(Alice);
        held.Hold(first, isEdit: false, catchUp: false, chainId: 1, iteration: 9);
        held.Hold(Message(Alice), isEdit: false, catchUp: true, chainId: 1, iteration: 4);

        _time.Advance(Options.RequestAfter);
        var request = Assert.Single(held.Sweep().Requests);

        Assert.Equal(new HeldMessages.KeyRequest(Channel, new UserId(Alice), new DeviceId(7), 1, 4), request);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(held.Sweep().Requests);
        _time.Advance(Options.ReportAfter - Options.RequestAfter - TimeSpan.FromSeconds(2));
        Assert.Empty(held.Sweep().Requests);
    }

    [Fact]
    public void Sweep_RequestsOncePerSenderChain()
    {
        var held = new HeldMessages(Options, _time);
        held.Hold(Message(Alice), isEdit: false, catchUp: false, chainId: 1, iteration: 0);
        held.Hold(Message(Alice), isEdit: false, catchUp: false, chainId: 2, iteration: 0);
        held.Hold(Message(Alice, device: 8), isEdit: false, catchUp: false, chainId: 1, iteration: 0);
        held.Hold(Message(Bob), isEdit: false, catchUp: false, chainId: 1, iteration: 0);

        _time.Advance(Options.RequestAfter);
        var requests = held.Sweep().Requests;

        Assert.Equal(4, requests.Count);
        Assert.Equal(4, requests.Select(r => (r.User, r.Device, r.ChainId)).Distinct().Count());
    }

    [Fact]
    public void Sweep_AfterReportAfter_ReportsEachMessageOnce_AndAsksOnceMore()
    {
        var held = new HeldMessages(Options, _time);
        var message = Message(Alice);
        held.Hold(message, isEdit: false, catchUp: false, chainId: 1, iteration: 0);
        _time.Advance(Options.RequestAfter);
        Assert.Single(held.Sweep().Requests);

        _time.Advance(Options.ReportAfter - Options.RequestAfter);
        var due = held.Sweep();

        Assert.Same(message, Assert.Single(due.Reports).Message);
        Assert.Single(due.Requests);
        _time.Advance(Options.ReportAfter);
        var later = held.Sweep();
        Assert.Empty(later.Reports);
        Assert.Empty(later.Requests);
    }

    [Fact]
    public void Reported_MessageStillResolves_WhenItsChainArrives()
    {
        var held = new HeldMessages(Options, _time);
        var message = Message(Alice);
        held.Hold(message, isEdit: false, catchUp: false, chainId: 1, iteration: 0);
        _time.Advance(Options.ReportAfter);
        Assert.Single(held.Sweep().Reports);

        var released = held.Release(Channel, new UserId(Alice), new DeviceId(7));

        Assert.Same(message, Assert.Single(released).Message);
        Assert.Equal(0, held.Count);
        Assert.False(held.Holds(Channel));
    }

    [Fact]
    public void Sweep_AfterHoldFor_DropsTheMessage_AfterHavingReportedIt()
    {
        var held = new HeldMessages(Options, _time);
        held.Hold(Message(Alice), isEdit: false, catchUp: false, chainId: 1, iteration: 0);
        _time.Advance(Options.ReportAfter);
        Assert.Single(held.Sweep().Reports);

        _time.Advance(Options.HoldFor - Options.ReportAfter);
        var due = held.Sweep();

        Assert.Empty(due.Reports);
        Assert.Equal(0, held.Count);
        Assert.False(held.Holds(Channel));
        Assert.Empty(held.Release(Channel, new UserId(Alice), new DeviceId(7)));
    }

    [Fact]
    public void Sweep_WhenTheFirstSweepComesAfterHoldFor_ReportsTheMessageBeforeDroppingIt()
    {
        var held = new HeldMessages(Options, _time);
        var message = Message(Alice);
        held.Hold(message, isEdit: false, catchUp: false, chainId: 1, iteration: 0);

        _time.Advance(Options.HoldFor);
        var due = held.Sweep();

        Assert.Same(message, Assert.Single(due.Reports).Message);
        Assert.Equal(0, held.Count);
    }

    [Fact]
    public void Hold_PastMaxHeld_DropsTheOldest()
    {
        var held = new HeldMessages(Options with { MaxHeld = 3 }, _time);
        var messages = Enumerable.Range(0, 4).Select(i => Message(i % 2 == 0 ? Alice : Bob)).ToList();
        foreach (var message in messages)
        {
            held.Hold(message, isEdit: false, catchUp: false, chainId: 1, iteration: 0);
            _time.Advance(TimeSpan.FromMilliseconds(10));
        }

        Assert.Equal(3, held.Count);
        var kept = held.Release(Channel, new UserId(Alice), new DeviceId(7)).Concat(held.Release(Channel, new UserId(Bob), new DeviceId(7))).Select(e => e.Message);
        Assert.Equal(messages.Skip(1).OrderBy(m => m.Id), kept.OrderBy(m => m.Id));
    }

    [Fact]
    public void Hold_SameMessageTwice_HoldsItOnce_ButAnEditOfItSeparately()
    {
        var held = new HeldMessages(Options, _time);
        var message = Message(Alice);
        held.Hold(message, isEdit: false, catchUp: false, chainId: 1, iteration: 0);
        held.Hold(message, isEdit: false, catchUp: true, chainId: 1, iteration: 0);
        held.Hold(message with { EditedAt = _time.GetUtcNow() }, isEdit: true, catchUp: false, chainId: 1, iteration: 1);

        Assert.Equal(2, held.Count);
    }

    [Fact]
    public void Release_TakesOnlyThatSendersDevice_OldestFirst_AndOnlyTheNamedChain()
    {
        var held = new HeldMessages(Options, _time);
        var oldChain = Message(Alice);
        var first = Message(Alice);
        var second = Message(Alice);
        var bobs = Message(Bob);
        held.Hold(oldChain, isEdit: false, catchUp: false, chainId: 1, iteration: 3);
        held.Hold(first, isEdit: false, catchUp: false, chainId: 2, iteration: 0);
        held.Hold(second, isEdit: false, catchUp: false, chainId: 2, iteration: 1);
        held.Hold(bobs, isEdit: false, catchUp: false, chainId: 2, iteration: 0);

        var withheld = held.Release(Channel, new UserId(Alice), new DeviceId(7), chainId: 2);

        Assert.Equal([first, second], withheld.Select(e => e.Message));
        Assert.Equal([oldChain], held.Release(Channel, new UserId(Alice), new DeviceId(7)).Select(e => e.Message));
        Assert.Empty(held.Release(Guid.NewGuid(), new UserId(Bob), new DeviceId(7)));
        Assert.Equal(1, held.Count);
        Assert.True(held.Holds(Channel));
    }

    [Fact]
    public void HoldsChain_OnlyForTheHeldSendersDeviceAndChain_UntilReleased()
    {
        var held = new HeldMessages(Options, _time);
        held.Hold(Message(Alice), isEdit: false, catchUp: false, chainId: 1, iteration: 0);

        Assert.True(held.HoldsChain(Channel, Alice, 7, 1));
        Assert.False(held.HoldsChain(Channel, Alice, 7, 2));
        Assert.False(held.HoldsChain(Channel, Alice, 8, 1));
        Assert.False(held.HoldsChain(Channel, Bob, 7, 1));
        Assert.False(held.HoldsChain(Guid.NewGuid(), Alice, 7, 1));
        held.Release(Channel, new UserId(Alice), new DeviceId(7));
        Assert.False(held.HoldsChain(Channel, Alice, 7, 1));
    }
}
