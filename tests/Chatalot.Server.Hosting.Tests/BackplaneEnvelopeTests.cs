using Chatalot.Server.Hosting.Gateway;
using Chatalot.Server.Hosting.ScaleOut.Internal;

namespace Chatalot.Server.Hosting.Tests;

public sealed class BackplaneEnvelopeTests
{
    [Fact]
    public void Read_OfWrite_GivesTheMessageAndOriginBack()
    {
        var origin = Guid.NewGuid();
        var message = new ChatalotBackplaneMessage
        {
            Kind = ChatalotBackplaneMessageKind.ChannelEvent,
            ChannelId = Guid.NewGuid(),
            UserIds = [Guid.NewGuid()],
            Frames = ["{\"type\":\"message_created\"}"u8.ToArray(), "{}"u8.ToArray()],
            PublishedAt = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000),
        };

        var (read, readOrigin) = BackplaneEnvelope.Read(BackplaneEnvelope.Write(message, origin));

        Assert.Equal(origin, readOrigin);
        Assert.Equal(message.ChannelId, read.ChannelId);
        Assert.Equal(message.UserIds, read.UserIds);
        Assert.Equal(message.PublishedAt, read.PublishedAt);
        Assert.Equal(message.Frames.Select(f => f.ToArray()), read.Frames.Select(f => f.ToArray()));
    }

    [Fact]
    public void Read_OfAnyTruncation_ThrowsFormatException()
    {
        var bytes = BackplaneEnvelope.Write(new ChatalotBackplaneMessage
        {
            Kind = ChatalotBackplaneMessageKind.Disconnect,
            UserIds = [Guid.NewGuid()],
            SessionId = Guid.NewGuid(),
            Code = "session_revoked",
            Frames = [new byte[] { 1, 2, 3 }],
        }, Guid.NewGuid());

        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.Throws<FormatException>(() => BackplaneEnvelope.Read(bytes.AsMemory(0, length)));
        }
    }

    [Fact]
    public void Read_OfAnotherVersion_ThrowsFormatException()
    {
        var bytes = BackplaneEnvelope.Write(new ChatalotBackplaneMessage { Kind = ChatalotBackplaneMessageKind.UserEvent }, Guid.NewGuid());
        bytes[0] = 99;
        Assert.Throws<FormatException>(() => BackplaneEnvelope.Read(bytes));
    }
}
