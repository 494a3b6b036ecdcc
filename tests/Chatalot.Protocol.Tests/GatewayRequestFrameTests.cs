using System.Text;
using System.Text.Json;
using Chatalot.Protocol.Gateway;
using Chatalot.Protocol.Messages;
using Chatalot.Protocol.Serialization;
using Chatalot.Protocol.ToDevice;

namespace Chatalot.Protocol.Tests;

/// <summary>Wire shapes of the gateway request frames (docs/protocol/gateway.md §Client frames) and their replies.</summary>
public class GatewayRequestFrameTests
{
    private static readonly Guid ChannelId = Guid.Parse("0193a0a0-0000-7000-8000-000000000001");
    private static readonly Guid MessageId = Guid.Parse("0193a0a0-0000-7000-8000-000000000002");
    private static readonly Guid UserId = Guid.Parse("0193a0a0-0000-7000-8000-000000000003");

    private static string Json<T>(T value) => Encoding.UTF8.GetString(ChatalotJson.SerializeToUtf8Bytes(value));

    private static T Parse<T>(string json) => ChatalotJson.Deserialize<T>(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void EditMessage_HasItsDocumentedShape_AndRoundTrips()
    {
        var frame = new EditMessageFrame("e1", ChannelId, MessageId, new EditMessageRequest(new MessageEnvelope(Ciphertext: [1, 2])) { FrankCommitment = new byte[32] });
        var json = Json<ClientFrame>(frame);
        Assert.Equal(
            $"{{\"type\":\"edit_message\",\"request_id\":\"e1\",\"channel_id\":\"{ChannelId}\",\"message_id\":\"{MessageId}\",\"message\":{{\"envelope\":{{\"ciphertext\":\"AQI\",\"devices\":null}},\"attachment_ids\":null,\"frank_commitment\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}}}}",
            json);
        var back = Assert.IsType<EditMessageFrame>(Parse<ClientFrame>(json));
        Assert.Equal((frame.RequestId, frame.ChannelId, frame.MessageId), (back.RequestId, back.ChannelId, back.MessageId));
        Assert.Equal(new byte[] { 1, 2 }, back.Message.Envelope.Ciphertext);
        Assert.Equal(new byte[32], back.Message.FrankCommitment);
    }

    [Fact]
    public void DeleteMessage_HasItsDocumentedShape_AndRoundTrips()
    {
        var frame = new DeleteMessageFrame("d1", ChannelId, MessageId);
        var json = Json<ClientFrame>(frame);
        Assert.Equal($"{{\"type\":\"delete_message\",\"request_id\":\"d1\",\"channel_id\":\"{ChannelId}\",\"message_id\":\"{MessageId}\"}}", json);
        Assert.Equal(frame, Parse<ClientFrame>(json));
    }

    [Fact]
    public void SendToDevice_HasItsDocumentedShape_AndRoundTrips()
    {
        var frame = new SendToDeviceFrame("t1", new SendToDeviceRequest(3, [new ToDeviceEnvelope(UserId, 2, [9, 9])]));
        var json = Json<ClientFrame>(frame);
        Assert.Equal(
            $"{{\"type\":\"send_to_device\",\"request_id\":\"t1\",\"message\":{{\"sender_device_id\":3,\"messages\":[{{\"user_id\":\"{UserId}\",\"device_id\":2,\"payload\":\"CQk\"}}]}}}}",
            json);
        var back = Assert.IsType<SendToDeviceFrame>(Parse<ClientFrame>(json));
        Assert.Equal(("t1", 3), (back.RequestId, back.Message.SenderDeviceId));
        Assert.Equal(new byte[] { 9, 9 }, Assert.Single(back.Message.Messages).Payload);
    }

    [Fact]
    public void AckToDevice_RequestIdIsOptional()
    {
        var without = Assert.IsType<AckToDeviceFrame>(Parse<ClientFrame>($"{{\"type\":\"ack_to_device\",\"message_ids\":[\"{MessageId}\"]}}"));
        Assert.Null(without.RequestId);
        Assert.Equal([MessageId], without.MessageIds);

        var json = Json<ClientFrame>(new AckToDeviceFrame([MessageId], "a1"));
        Assert.Equal($"{{\"type\":\"ack_to_device\",\"message_ids\":[\"{MessageId}\"],\"request_id\":\"a1\"}}", json);
        Assert.Equal("a1", Assert.IsType<AckToDeviceFrame>(Parse<ClientFrame>(json)).RequestId);
    }

    [Fact]
    public void RequestCompleted_HasItsDocumentedShape_AndNoSequenceNumber()
    {
        var json = Json<ServerFrame>(new RequestCompletedFrame("d1"));
        Assert.Equal("{\"type\":\"request_completed\",\"request_id\":\"d1\"}", json);
        Assert.Equal(new RequestCompletedFrame("d1"), Parse<ServerFrame>(json));
    }

    [Fact]
    public void ToDeviceSent_HasItsDocumentedShape_AndRoundTrips()
    {
        var json = Json<ServerFrame>(new ToDeviceSentFrame("t1", new ToDeviceSendResult([MessageId])));
        Assert.Equal($"{{\"type\":\"to_device_sent\",\"request_id\":\"t1\",\"result\":{{\"message_ids\":[\"{MessageId}\"]}}}}", json);
        var back = Assert.IsType<ToDeviceSentFrame>(Parse<ServerFrame>(json));
        Assert.Equal(("t1", MessageId), (back.RequestId, Assert.Single(back.Result.MessageIds)));
    }

    [Theory]
    [InlineData("{\"type\":\"edit_message\",\"request_id\":\"e1\",\"channel_id\":\"0193a0a0-0000-7000-8000-000000000001\",\"message_id\":\"0193a0a0-0000-7000-8000-000000000002\"}")]
    [InlineData("{\"type\":\"delete_message\",\"channel_id\":\"0193a0a0-0000-7000-8000-000000000001\",\"message_id\":\"0193a0a0-0000-7000-8000-000000000002\"}")]
    [InlineData("{\"type\":\"delete_message\",\"request_id\":\"d1\",\"channel_id\":\"nope\",\"message_id\":\"0193a0a0-0000-7000-8000-000000000002\"}")]
    [InlineData("{\"type\":\"send_to_device\",\"request_id\":\"t1\",\"message\":null}")]
    [InlineData("{\"type\":\"send_to_device\",\"request_id\":7,\"message\":{\"sender_device_id\":1,\"messages\":[]}}")]
    public void RequestFrames_WithMissingOrMistypedMembers_AreRejected(string json)
    {
        Assert.Throws<JsonException>(() => Parse<ClientFrame>(json));
    }

    [Fact]
    public void CloseCodes_AreTheDocumentedValues()
    {
        Assert.Equal(
            [1000, 1008, 1009, 1012, 4000, 4001, 4003, 4008, 4009],
            new[]
            {
                GatewayCloseCodes.Normal, GatewayCloseCodes.SessionResumedElsewhere, GatewayCloseCodes.FrameTooLarge,
                GatewayCloseCodes.ServerShuttingDown, GatewayCloseCodes.InvalidFrame, GatewayCloseCodes.AuthenticationRequired,
                GatewayCloseCodes.SessionRevoked, GatewayCloseCodes.SlowConsumer, GatewayCloseCodes.HeartbeatTimeout,
            });
    }
}
