using Chatalot.Client.Voice;
using Chatalot.Client.Voice.Internal;
using Microsoft.Extensions.Time.Testing;

namespace Chatalot.Client.Tests.Voice;

public sealed class CallRingsTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly List<(IncomingCall Call, CallRingEndReason Reason)> _ended = [];

    private CallRings Rings() => new(_time, (call, reason) => _ended.Add((call, reason)));

    private IncomingCall Call() =>
        new(new ChannelId(Guid.NewGuid()), new UserId(Guid.NewGuid()), new DeviceId(1), Guid.NewGuid(), Video: false, _time.GetUtcNow() + CallRings.RingTime);

    [Fact]
    public void A_Ring_Expires_AfterTheRingTime_Once()
    {
        using var rings = Rings();
        var call = Call();
        Assert.True(rings.Start(call));
        Assert.False(rings.Start(call));

        _time.Advance(CallRings.RingTime - TimeSpan.FromSeconds(1));
        Assert.Empty(_ended);
        Assert.Equal([call], rings.Ringing);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([(call, CallRingEndReason.Expired)], _ended);
        Assert.Empty(rings.Ringing);

        // Ended rings are not ended again, and their timers are gone.
        rings.End(_ => true, CallRingEndReason.Declined);
        _time.Advance(CallRings.RingTime);
        Assert.Single(_ended);
    }

    [Fact]
    public void End_StopsOnlyTheMatchingRings()
    {
        using var rings = Rings();
        var answered = Call();
        var other = Call();
        rings.Start(answered);
        rings.Start(other);

        rings.End(r => r.ChannelId == answered.ChannelId, CallRingEndReason.AnsweredElsewhere);

        Assert.Equal([(answered, CallRingEndReason.AnsweredElsewhere)], _ended);
        Assert.Equal([other], rings.Ringing);
    }
}
