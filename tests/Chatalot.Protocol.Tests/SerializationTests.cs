using System.Text;
using System.Text.Json;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Channels;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Gateway;
using Chatalot.Protocol.Keys;
using Chatalot.Protocol.Messages;
using Chatalot.Protocol.Serialization;

namespace Chatalot.Protocol.Tests;

public class SerializationTests
{
    private static string Json<T>(T value) => Encoding.UTF8.GetString(ChatalotJson.SerializeToUtf8Bytes(value));

    private static T Parse<T>(string json) => ChatalotJson.Deserialize<T>(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Serialize_UsesSnakeCaseMembersAndEnumValues()
    {
        var info = new ServerInfo(1, "1.0", RegistrationMode.InviteOnly, 900, 300);
        var json = Json(info);
        Assert.Contains("\"registration_mode\":\"invite_only\"", json, StringComparison.Ordinal);
        Assert.Contains("\"access_token_lifetime_seconds\":900", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_ByteFields_AreUnpaddedBase64Url()
    {
        var bytes = new byte[] { 0xfb, 0xff, 0xfe, 0x01 };
        var json = Json(new OneTimePrekey(7, bytes));
        Assert.Equal("{\"key_id\":7,\"public_key\":\"-__-AQ\"}", json);
        Assert.Equal(bytes, Parse<OneTimePrekey>(json).PublicKey);
    }

    [Fact]
    public void Deserialize_PaddedBase64Url_IsAccepted()
    {
        Assert.Equal(new byte[] { 0xfb, 0xff, 0xfe, 0x01 }, Parse<OneTimePrekey>("{\"key_id\":1,\"public_key\":\"-__-AQ==\"}").PublicKey);
    }

    [Theory]
    [InlineData("{\"key_id\":1,\"public_key\":\"not base64!\"}")]
    [InlineData("{\"key_id\":1,\"public_key\":42}")]
    [InlineData("{\"key_id\":\"1\",\"public_key\":\"AQ\"}")]
    [InlineData("{\"key_id\":1}")]
    [InlineData("{\"key_id\":1,\"public_key\":null}")]
    [InlineData("{\"key_id\":1,")]
    public void Deserialize_BadInput_ThrowsJsonException(string json)
    {
        Assert.Throws<JsonException>(() => Parse<OneTimePrekey>(json));
    }

    [Fact]
    public void Deserialize_UnknownEnumValue_ThrowsJsonException()
    {
        Assert.Throws<JsonException>(() => Parse<CreateChannelRequest>("{\"name\":\"x\",\"type\":\"gallery\"}"));
        Assert.Throws<JsonException>(() => Parse<CreateChannelRequest>("{\"name\":\"x\",\"type\":1}"));
    }

    [Fact]
    public void Deserialize_OptionalMembers_TakeTheirDefaults()
    {
        var request = Parse<CreateChannelRequest>("{\"name\":\"general\"}");
        Assert.Equal(new CreateChannelRequest("general", ChannelType.Text, null), request);
    }

    [Fact]
    public void Message_RoundTrips_WithUuidV7IdsAndUtcTimestamps()
    {
        var now = new DateTimeOffset(2026, 11, 25, 18, 0, 0, 123, TimeSpan.Zero);
        var id = Guid.CreateVersion7(now);
        var message = new Message(
            id, Guid.CreateVersion7(now), Guid.CreateVersion7(now), 3,
            new MessageEnvelope(Ciphertext: [1, 2, 3]), now, "key-1", ReplyToId: null);

        var json = Json(message);
        var back = Parse<Message>(json);

        Assert.Contains($"\"id\":\"{id}\"", json, StringComparison.Ordinal);
        Assert.Contains("\"created_at\":\"2026-11-25T18:00:00.123+00:00\"", json, StringComparison.Ordinal);
        Assert.Contains("\"reply_to_id\":null", json, StringComparison.Ordinal);
        Assert.Equal(7, back.Id.Version);
        Assert.Equal(message.Id, back.Id);
        Assert.Equal(message.CreatedAt, back.CreatedAt);
        Assert.Equal(new byte[] { 1, 2, 3 }, back.Envelope!.Ciphertext);
    }

    [Fact]
    public void ClientFrame_IsTaggedByType_AndTypeMayComeAnywhere()
    {
        var frame = Parse<ClientFrame>("{\"channel_ids\":[\"0193a0a0-0000-7000-8000-000000000001\"],\"type\":\"subscribe\"}");
        var subscribe = Assert.IsType<SubscribeFrame>(frame);
        Assert.Single(subscribe.ChannelIds);

        Assert.StartsWith("{\"type\":\"heartbeat\"", Json<ClientFrame>(new HeartbeatFrame(5)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"type\":\"no_such_frame\"}")]
    [InlineData("{\"channel_ids\":[]}")]
    [InlineData("[]")]
    public void ClientFrame_UnknownOrMissingType_ThrowsJsonException(string json)
    {
        Assert.ThrowsAny<Exception>(() => Parse<ClientFrame>(json));
    }

    [Fact]
    public void ServerEvent_CarriesSequenceNumber()
    {
        var json = Json<ServerFrame>(new MessageDeletedEvent(Guid.Empty, Guid.Empty) { Seq = 42 });
        Assert.Contains("\"type\":\"message_deleted\"", json, StringComparison.Ordinal);
        Assert.Contains("\"seq\":42", json, StringComparison.Ordinal);
        var back = Assert.IsType<MessageDeletedEvent>(Parse<ServerFrame>(json));
        Assert.Equal(42, back.Seq);
    }

    [Fact]
    public void ProblemDetails_SerialisesCodeAndErrors()
    {
        var problem = new ChatalotProblemDetails(
            "about:blank", "Validation failed", 422, ErrorCodes.ValidationFailed,
            Errors: new Dictionary<string, string[]> { ["username"] = ["too short"] });
        var json = Json(problem);
        Assert.Contains("\"code\":\"validation_failed\"", json, StringComparison.Ordinal);
        Assert.Contains("\"errors\":{\"username\":[\"too short\"]}", json, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_NeverContainsSecrets()
    {
        const string Secret = "hunter2-secret-value";
        var user = new User(Guid.Empty, "alice", "Alice", InstanceRole.User, DateTimeOffset.UnixEpoch);
        object[] values =
        [
            new LoginRequest("alice", Secret),
            new RegisterRequest("alice", Secret, InviteCode: Secret),
            new RefreshRequest(Secret),
            new ChangePasswordRequest(Secret, Secret),
            new AuthResponse(Secret, DateTimeOffset.UnixEpoch, Secret, DateTimeOffset.UnixEpoch, Guid.Empty, user),
            new AuthenticateFrame(Secret),
            new ResumeFrame(Secret, Guid.Empty, 1),
        ];
        foreach (var value in values)
        {
            Assert.DoesNotContain(Secret, value.ToString(), StringComparison.Ordinal);
        }
    }
}
