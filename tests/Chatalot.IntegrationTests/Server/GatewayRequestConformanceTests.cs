using System.Net;
using System.Security.Cryptography;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Channels;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Gateway;
using Chatalot.Protocol.Messages;
using Chatalot.Protocol.ToDevice;

namespace Chatalot.IntegrationTests.Server;

/// <summary>
/// The gateway as the whole send path: <c>edit_message</c>, <c>delete_message</c>, <c>send_to_device</c> and
/// <c>ack_to_device</c> with a request id, over real WebSockets on Kestrel, on every storage provider.
/// </summary>
public abstract class GatewayRequestConformanceTests(ServerFixture fixture)
{
    private ChatalotApi Api => fixture.Api;

    private Uri Base => fixture.Server.BaseAddress;

    private static EditMessageRequest Edit(byte[]? ciphertext = null) => new(new MessageEnvelope(Ciphertext: ciphertext ?? RandomNumberGenerator.GetBytes(48))) { FrankCommitment = new byte[32] };

    private async Task<Message> SendAsync(GatewayClient client, Guid channelId, string key)
    {
        await client.SendAsync(new SendMessageFrame(key, channelId, MessageConformanceTests.Channel(key)));
        return (await client.WaitForAsync<MessageSentFrame>(f => f.RequestId == key)).Message;
    }

    private Task<IReadOnlyList<MessageEdit>> HistoryAsync(Guid channelId, Guid messageId, AuthResponse who) =>
        Api.GetAsync<IReadOnlyList<MessageEdit>>($"/channels/{channelId}/messages/{messageId}/history", who.AccessToken);

    private static async Task StillUsableAsync(GatewayClient client)
    {
        await client.SendAsync(new HeartbeatFrame());
        await client.WaitForAsync<HeartbeatAckFrame>();
    }

    [Fact]
    public async Task EditOverGateway_ReturnsTheStoredMessage_KeepsHistory_AndAReplayChangesNothing()
    {
        var s = await GatewayConformanceTests.ScenarioWithDevicesAsync(Api);
        await using var sender = await GatewayConformanceTests.SubscribedAsync(Base, s.Member, s.General.Id);
        await using var watcher = await GatewayConformanceTests.SubscribedAsync(Base, s.Moderator, s.General.Id);
        var original = await SendAsync(sender, s.General.Id, "to-edit");
        await watcher.WaitForAsync<MessageCreatedEvent>(e => e.Message.Id == original.Id);

        var edit = Edit([7, 7, 7]);
        await sender.SendAsync(new EditMessageFrame("e1", s.General.Id, original.Id, edit));
        var edited = await sender.WaitForAsync<MessageSentFrame>();
        Assert.Equal(("e1", original.Id), (edited.RequestId, edited.Message.Id));
        Assert.Equal(new byte[] { 7, 7, 7 }, edited.Message.Envelope!.Ciphertext);
        Assert.NotNull(edited.Message.EditedAt);
        var updated = await watcher.WaitForAsync<MessageUpdatedEvent>();
        Assert.Equal(edited.Message.Id, updated.Message.Id);
        Assert.Equal(new byte[] { 7, 7, 7 }, updated.Message.Envelope!.Ciphertext);

        // The reply was lost, say: the same edit again answers with the message as stored and changes nothing.
        await sender.SendAsync(new EditMessageFrame("e2", s.General.Id, original.Id, edit));
        var replay = await sender.WaitForAsync<MessageSentFrame>();
        var stored = await Api.GetAsync<Message>($"/channels/{s.General.Id}/messages/{original.Id}", s.Member.AccessToken);
        Assert.Equal(("e2", stored.EditedAt), (replay.RequestId, replay.Message.EditedAt));
        Assert.Equal(new byte[] { 7, 7, 7 }, replay.Message.Envelope!.Ciphertext);
        Assert.Equal(new byte[] { 7, 7, 7 }, stored.Envelope!.Ciphertext);
        Assert.Single(await HistoryAsync(s.General.Id, original.Id, s.Member));
        Assert.DoesNotContain(await watcher.DrainAsync(TimeSpan.FromMilliseconds(400)), f => f is MessageUpdatedEvent);
    }

    [Fact]
    public async Task EditReplay_AfterTheChannelIsArchived_StillAnswersWithTheStoredMessage_ButANewEditIsRefused()
    {
        var s = await GatewayConformanceTests.ScenarioWithDevicesAsync(Api);
        var (sender, _) = await GatewayClient.AuthenticateAsync(Base, s.Member.AccessToken);
        await using var _ = sender;
        var message = await SendAsync(sender, s.General.Id, "archived-later");
        var edit = Edit([3]);
        await sender.SendAsync(new EditMessageFrame("e1", s.General.Id, message.Id, edit));
        await sender.WaitForAsync<MessageSentFrame>(f => f.RequestId == "e1");
        (await Api.SendAsync(HttpMethod.Patch, $"/channels/{s.General.Id}", new UpdateChannelRequest(Archived: true), s.Admin.AccessToken)).EnsureSuccessStatusCode();

        await sender.SendAsync(new EditMessageFrame("e2", s.General.Id, message.Id, edit));
        Assert.Equal(new byte[] { 3 }, (await sender.WaitForAsync<MessageSentFrame>(f => f.RequestId == "e2")).Message.Envelope!.Ciphertext);
        await sender.SendAsync(new EditMessageFrame("e3", s.General.Id, message.Id, Edit([4])));
        var refused = await sender.WaitForAsync<ErrorFrame>();
        Assert.Equal(("e3", ErrorCodes.ChannelArchived), (refused.RequestId, refused.Code));
        Assert.Single(await HistoryAsync(s.General.Id, message.Id, s.Member));
    }

    [Fact]
    public async Task EditOverGateway_OfSomeoneElsesMessage_IsForbidden_AndTheConnectionStaysUsable()
    {
        var s = await GatewayConformanceTests.ScenarioWithDevicesAsync(Api);
        await using var author = await GatewayConformanceTests.SubscribedAsync(Base, s.Admin, s.General.Id);
        var message = await SendAsync(author, s.General.Id, "admins");
        await using var member = await GatewayConformanceTests.SubscribedAsync(Base, s.Member, s.General.Id);

        await member.SendAsync(new EditMessageFrame("e1", s.General.Id, message.Id, Edit()));
        var error = await member.WaitForAsync<ErrorFrame>();
        Assert.Equal(("e1", ErrorCodes.Forbidden, (Guid?)s.General.Id), (error.RequestId, error.Code, error.ChannelId));

        // Moderators may delete others' messages but never edit them.
        var (moderator, _) = await GatewayClient.AuthenticateAsync(Base, s.Moderator.AccessToken);
        await using var m = moderator;
        await moderator.SendAsync(new EditMessageFrame("e2", s.General.Id, message.Id, Edit()));
        var refused = await moderator.WaitForAsync<ErrorFrame>();
        Assert.Equal(("e2", ErrorCodes.Forbidden), (refused.RequestId, refused.Code));

        await StillUsableAsync(member);
        Assert.Empty(await HistoryAsync(s.General.Id, message.Id, s.Admin));
        Assert.DoesNotContain(await author.DrainAsync(TimeSpan.FromMilliseconds(300)), f => f is MessageUpdatedEvent);
    }

    [Fact]
    public async Task DeleteOverGateway_FollowsTheRoles_AndDeletingTwiceCompletesWithOneEvent()
    {
        var s = await GatewayConformanceTests.ScenarioWithDevicesAsync(Api);
        await using var author = await GatewayConformanceTests.SubscribedAsync(Base, s.Admin, s.General.Id);
        var message = await SendAsync(author, s.General.Id, "to-delete");
        await author.SendAsync(new EditMessageFrame("e1", s.General.Id, message.Id, Edit()));
        await author.WaitForAsync<MessageSentFrame>(f => f.RequestId == "e1");
        await using var watcher = await GatewayConformanceTests.SubscribedAsync(Base, s.Owner, s.General.Id);
        var (member, _) = await GatewayClient.AuthenticateAsync(Base, s.Member.AccessToken);
        await using var mm = member;
        var (moderator, _) = await GatewayClient.AuthenticateAsync(Base, s.Moderator.AccessToken);
        await using var mod = moderator;

        await member.SendAsync(new DeleteMessageFrame("d1", s.General.Id, message.Id));
        var refused = await member.WaitForAsync<ErrorFrame>();
        Assert.Equal(("d1", ErrorCodes.Forbidden, (Guid?)s.General.Id), (refused.RequestId, refused.Code, refused.ChannelId));
        await StillUsableAsync(member);

        await moderator.SendAsync(new DeleteMessageFrame("d2", s.General.Id, message.Id));
        Assert.Equal("d2", (await moderator.WaitForAsync<RequestCompletedFrame>()).RequestId);
        var deleted = await watcher.WaitForAsync<MessageDeletedEvent>();
        Assert.Equal((s.General.Id, message.Id), (deleted.ChannelId, deleted.MessageId));

        await moderator.SendAsync(new DeleteMessageFrame("d3", s.General.Id, message.Id));
        Assert.Equal("d3", (await moderator.WaitForAsync<RequestCompletedFrame>()).RequestId);
        await author.SendAsync(new DeleteMessageFrame("d4", s.General.Id, message.Id));
        Assert.Equal("d4", (await author.WaitForAsync<RequestCompletedFrame>()).RequestId);
        Assert.DoesNotContain(await watcher.DrainAsync(TimeSpan.FromMilliseconds(400)), f => f is MessageDeletedEvent);

        var stored = await Api.GetAsync<Message>($"/channels/{s.General.Id}/messages/{message.Id}", s.Member.AccessToken);
        Assert.Null(stored.Envelope);
        Assert.NotNull(stored.DeletedAt);
        Assert.Empty(await HistoryAsync(s.General.Id, message.Id, s.Admin));

        // A deleted message cannot be edited.
        await author.SendAsync(new EditMessageFrame("e2", s.General.Id, message.Id, Edit()));
        var conflict = await author.WaitForAsync<ErrorFrame>();
        Assert.Equal(("e2", ErrorCodes.Conflict), (conflict.RequestId, conflict.Code));
    }

    [Fact]
    public async Task BadRequests_GetTypedErrorsWithTheirRequestId_AndTheConnectionStaysUsable()
    {
        var s = await GatewayConformanceTests.ScenarioWithDevicesAsync(Api);
        var other = await Api.PostAsync<CreateChannelRequest, Channel>($"/groups/{s.PublicGroup.Id}/channels", new CreateChannelRequest("other"), s.Admin.AccessToken, HttpStatusCode.Created);
        var (client, _) = await GatewayClient.AuthenticateAsync(Base, s.Member.AccessToken, deviceId: 1);
        await using var _ = client;
        var message = await SendAsync(client, s.General.Id, "mine");

        async Task ExpectAsync(ClientFrame frame, string requestId, string code)
        {
            await client.SendAsync(frame);
            var error = await client.WaitForAsync<ErrorFrame>();
            Assert.Equal((requestId, code), (error.RequestId, error.Code));
        }

        // Unknown message, a message of another channel, an unknown channel, a channel the caller cannot read.
        await ExpectAsync(new EditMessageFrame("b1", s.General.Id, Guid.NewGuid(), Edit()), "b1", ErrorCodes.NotFound);
        await ExpectAsync(new EditMessageFrame("b2", other.Id, message.Id, Edit()), "b2", ErrorCodes.NotFound);
        await ExpectAsync(new DeleteMessageFrame("b3", other.Id, message.Id), "b3", ErrorCodes.NotFound);
        await ExpectAsync(new DeleteMessageFrame("b4", Guid.NewGuid(), message.Id), "b4", ErrorCodes.NotFound);

        // Bodies that break the REST rules: too large (inside the frame limit), the DM form in a channel, no payloads.
        await ExpectAsync(new EditMessageFrame("b5", s.General.Id, message.Id, Edit(new byte[Protocol.ChatalotLimits.MessageEnvelopeMaxBytes + 1])), "b5", ErrorCodes.PayloadTooLarge);
        var dmForm = new EditMessageRequest(new MessageEnvelope(Devices: [new DeviceCiphertext(s.Admin.User.Id, 1, [1])])) { FrankCommitment = new byte[32] };
        await ExpectAsync(new EditMessageFrame("b6", s.General.Id, message.Id, dmForm), "b6", ErrorCodes.ValidationFailed);
        await ExpectAsync(new SendToDeviceFrame("b7", new SendToDeviceRequest(1, [])), "b7", ErrorCodes.ValidationFailed);
        await ExpectAsync(new SendToDeviceFrame("b8", new SendToDeviceRequest(1, [new ToDeviceEnvelope(s.Admin.User.Id, 99, [1])])), "b8", ErrorCodes.NotFound);
        await ExpectAsync(new SendToDeviceFrame("b9", new SendToDeviceRequest(42, [new ToDeviceEnvelope(s.Admin.User.Id, 1, [1])])), "b9", ErrorCodes.ValidationFailed);

        // Malformed: a member missing or of the wrong type. The frame cannot be handled, but its request id is echoed.
        await client.SendRawAsync($"{{\"type\":\"edit_message\",\"request_id\":\"b10\",\"channel_id\":\"{s.General.Id}\",\"message_id\":\"{message.Id}\"}}");
        var malformed = await client.WaitForAsync<ErrorFrame>();
        Assert.Equal(("b10", ErrorCodes.InvalidFrame), (malformed.RequestId, malformed.Code));
        await client.SendRawAsync($"{{\"type\":\"delete_message\",\"request_id\":\"b11\",\"channel_id\":\"{s.General.Id}\",\"message_id\":42}}");
        malformed = await client.WaitForAsync<ErrorFrame>();
        Assert.Equal(("b11", ErrorCodes.InvalidFrame), (malformed.RequestId, malformed.Code));

        await StillUsableAsync(client);
        var stored = await Api.GetAsync<Message>($"/channels/{s.General.Id}/messages/{message.Id}", s.Member.AccessToken);
        Assert.Equal(message.Envelope!.Ciphertext, stored.Envelope!.Ciphertext);
        Assert.Null(stored.EditedAt);
    }

    [Fact]
    public async Task PipelinedSendsEditsAndDeletes_InOneBurst_EndInTheRightState_AndAreAnnouncedInFrameOrder()
    {
        var s = await GatewayConformanceTests.ScenarioWithDevicesAsync(Api);
        await using var sender = await GatewayConformanceTests.SubscribedAsync(Base, s.Member, s.General.Id);
        var first = await SendAsync(sender, s.General.Id, "first");
        var second = await SendAsync(sender, s.General.Id, "second");
        await using var watcher = await GatewayConformanceTests.SubscribedAsync(Base, s.Moderator, s.General.Id);

        // One burst, no reply awaited: each edit or delete is handled only after the sends before it are stored and
        // announced, and the sends after it only after it.
        ClientFrame[] burst =
        [
            new SendMessageFrame("s1", s.General.Id, MessageConformanceTests.Channel("burst-1")),
            new SendMessageFrame("s2", s.General.Id, MessageConformanceTests.Channel("burst-2")),
            new EditMessageFrame("e1", s.General.Id, first.Id, Edit([1])),
            new SendMessageFrame("s3", s.General.Id, MessageConformanceTests.Channel("burst-3")),
            new DeleteMessageFrame("d1", s.General.Id, second.Id),
            new EditMessageFrame("e2", s.General.Id, first.Id, Edit([2])),
            new DeleteMessageFrame("d2", s.General.Id, first.Id),
            new SendMessageFrame("s4", s.General.Id, MessageConformanceTests.Channel("burst-4")),
        ];
        foreach (var frame in burst)
        {
            await sender.SendAsync(frame);
        }

        var replies = new HashSet<string>();
        while (replies.Count < burst.Length)
        {
            var reply = await sender.WaitForAsync<ServerFrame>(f => f is MessageSentFrame or RequestCompletedFrame or ErrorFrame);
            replies.Add(reply switch
            {
                MessageSentFrame sent => sent.RequestId,
                RequestCompletedFrame done => done.RequestId,
                _ => throw new Xunit.Sdk.XunitException($"Unexpected reply {reply}"),
            });
        }

        var announced = new List<string>();
        while (announced.Count < burst.Length)
        {
            var e = await watcher.WaitForAsync<ServerEvent>(f => f is MessageCreatedEvent or MessageUpdatedEvent or MessageDeletedEvent);
            announced.Add(e switch
            {
                MessageCreatedEvent c => "created " + c.Message.IdempotencyKey,
                MessageUpdatedEvent u => $"updated {(u.Message.Id == first.Id ? "first" : "?")} {u.Message.Envelope!.Ciphertext![0]}",
                MessageDeletedEvent d => "deleted " + (d.MessageId == first.Id ? "first" : d.MessageId == second.Id ? "second" : "?"),
                _ => "?",
            });
        }

        Assert.Equal(
            ["created burst-1", "created burst-2", "updated first 1", "created burst-3", "deleted second", "updated first 2", "deleted first", "created burst-4"],
            announced);
        var stored = (await Api.GetAsync<MessageList>($"/channels/{s.General.Id}/messages", s.Member.AccessToken)).Messages;
        Assert.Equal(["first", "second", "burst-1", "burst-2", "burst-3", "burst-4"], stored.Select(m => m.IdempotencyKey).ToList());
        Assert.All(stored.Take(2), m => Assert.NotNull(m.DeletedAt));
        Assert.All(stored.Skip(2), m => Assert.Null(m.DeletedAt));
    }

    [Fact]
    public async Task SendToDevice_OverGatewayOrRest_IsPushedToTheConnectedDevice_AndKeptUntilAckedWithARequestId()
    {
        var s = await GatewayConformanceTests.ScenarioWithDevicesAsync(Api);
        var (alice, _) = await GatewayClient.AuthenticateAsync(Base, s.Admin.AccessToken, deviceId: 1);
        await using var a = alice;
        var (bob, _) = await GatewayClient.AuthenticateAsync(Base, s.Member.AccessToken, deviceId: 1);
        await using var b = bob;
        var (bobOtherDevice, _) = await GatewayClient.AuthenticateAsync(Base, s.Member.AccessToken);
        await using var o = bobOtherDevice;

        await alice.SendAsync(new SendToDeviceFrame("t1", new SendToDeviceRequest(1, [new ToDeviceEnvelope(s.Member.User.Id, 1, [1, 1])])));
        var sent = await alice.WaitForAsync<ToDeviceSentFrame>();
        Assert.Equal("t1", sent.RequestId);
        var overGateway = await bob.WaitForAsync<ToDeviceEvent>();
        Assert.Equal((Assert.Single(sent.Result.MessageIds), s.Admin.User.Id, 1), (overGateway.Message.Id, overGateway.Message.SenderUserId, overGateway.Message.SenderDeviceId));
        Assert.Equal(new byte[] { 1, 1 }, overGateway.Message.Payload);

        var restResult = await Api.PostAsync<SendToDeviceRequest, ToDeviceSendResult>("/to-device", new SendToDeviceRequest(1, [new ToDeviceEnvelope(s.Member.User.Id, 1, [2, 2])]), s.Admin.AccessToken, HttpStatusCode.OK);
        var overRest = await bob.WaitForAsync<ToDeviceEvent>();
        Assert.Equal(Assert.Single(restResult.MessageIds), overRest.Message.Id);
        Assert.Equal(new byte[] { 2, 2 }, overRest.Message.Payload);

        var inbox = await Api.GetAsync<IReadOnlyList<ToDeviceMessage>>("/to-device/1", s.Member.AccessToken);
        Assert.Equal([overGateway.Message.Id, overRest.Message.Id], inbox.Select(m => m.Id).ToList());

        await bob.SendAsync(new AckToDeviceFrame([overGateway.Message.Id, overRest.Message.Id], "a1"));
        Assert.Equal("a1", (await bob.WaitForAsync<RequestCompletedFrame>()).RequestId);
        Assert.Empty(await Api.GetAsync<IReadOnlyList<ToDeviceMessage>>("/to-device/1", s.Member.AccessToken));

        // Acks are idempotent; a connection without a device cannot ack, and says which request failed.
        await bob.SendAsync(new AckToDeviceFrame([overGateway.Message.Id], "a2"));
        Assert.Equal("a2", (await bob.WaitForAsync<RequestCompletedFrame>()).RequestId);
        await bobOtherDevice.SendAsync(new AckToDeviceFrame([overRest.Message.Id], "a3"));
        var refused = await bobOtherDevice.WaitForAsync<ErrorFrame>();
        Assert.Equal(("a3", ErrorCodes.ValidationFailed), (refused.RequestId, refused.Code));

        // Only the addressed device's connections got the pushes (a drain ends the test client's socket: last).
        Assert.DoesNotContain(await bobOtherDevice.DrainAsync(TimeSpan.FromMilliseconds(300)), f => f is ToDeviceEvent);
    }

    [Fact]
    public async Task SendToDevice_OverGateway_FollowsTheRestRulesForRecipients()
    {
        var s = await GatewayConformanceTests.ScenarioWithDevicesAsync(Api);
        var (member, _) = await GatewayClient.AuthenticateAsync(Base, s.Member.AccessToken);
        await using var _ = member;

        // The outsider shares no community with the member: not visible, so not a valid recipient.
        await member.SendAsync(new SendToDeviceFrame("t1", new SendToDeviceRequest(1, [new ToDeviceEnvelope(s.Outsider.User.Id, 1, [1])])));
        var error = await member.WaitForAsync<ErrorFrame>();
        Assert.Equal(("t1", ErrorCodes.NotFound), (error.RequestId, error.Code));
        Assert.Empty(await Api.GetAsync<IReadOnlyList<ToDeviceMessage>>("/to-device/1", s.Outsider.AccessToken));

        (await Api.SendAsync(HttpMethod.Put, $"/users/me/blocks/{s.Member.User.Id}", s.Admin.AccessToken)).EnsureSuccessStatusCode();
        await member.SendAsync(new SendToDeviceFrame("t2", new SendToDeviceRequest(1, [new ToDeviceEnvelope(s.Admin.User.Id, 1, [1])])));
        error = await member.WaitForAsync<ErrorFrame>();
        Assert.Equal(("t2", ErrorCodes.Blocked), (error.RequestId, error.Code));
        await StillUsableAsync(member);
    }
}

public sealed class GatewayRequestSqliteTests(SqliteServerFixture fixture) : GatewayRequestConformanceTests(fixture), IClassFixture<SqliteServerFixture>;

public sealed class GatewayRequestPostgresTests(PostgresServerFixture fixture) : GatewayRequestConformanceTests(fixture), IClassFixture<PostgresServerFixture>;
