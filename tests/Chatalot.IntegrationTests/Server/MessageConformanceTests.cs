using System.Net;
using System.Security.Cryptography;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Channels;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Messages;
using Chatalot.Server.Hosting;
using Chatalot.Server.Hosting.Messages.Internal;
using Microsoft.Extensions.DependencyInjection;

namespace Chatalot.IntegrationTests.Server;

/// <summary>Messages over REST, on every storage provider.</summary>
public abstract class MessageConformanceTests(ServerFixture fixture)
{
    private ChatalotApi Api => fixture.Api;

    public static async Task PublishDeviceAsync(ChatalotApi api, AuthResponse user, int deviceId = 1)
    {
        using var device = new TestDevice();
        (await api.SendAsync(HttpMethod.Put, $"/keys/devices/{deviceId}", device.Upload(1, 1), user.AccessToken)).EnsureSuccessStatusCode();
    }

    public static SendMessageRequest Channel(string key, byte[]? ciphertext = null, Guid? replyTo = null) =>
        new(key, 1, new MessageEnvelope(Ciphertext: ciphertext ?? RandomNumberGenerator.GetBytes(48)), replyTo) { FrankCommitment = new byte[32] };

    private async Task<CommunityScenario> ScenarioAsync()
    {
        var s = await CommunityScenario.CreateAsync(Api);
        foreach (var user in new[] { s.Owner, s.Admin, s.Moderator, s.Member, s.Outsider })
        {
            await PublishDeviceAsync(Api, user);
        }

        return s;
    }

    private string Messages(Guid channelId) => $"/channels/{channelId}/messages";

    [Fact]
    public async Task Send_IsAcknowledgedWithServerIdAndTime_AndRetriesNeverDuplicate()
    {
        var s = await ScenarioAsync();
        var first = await Api.ExpectAsync<Message>(await Api.SendAsync(HttpMethod.Post, Messages(s.General.Id), Channel("k1"), s.Member.AccessToken), HttpStatusCode.Created);
        Assert.Equal(7, first.Id.Version);
        Assert.Equal(s.Member.User.Id, first.SenderId);
        Assert.Equal(TimeSpan.Zero, first.CreatedAt.Offset);

        var retry = await Api.ExpectAsync<Message>(await Api.SendAsync(HttpMethod.Post, Messages(s.General.Id), Channel("k1"), s.Member.AccessToken), HttpStatusCode.OK);
        Assert.Equal(first.Id, retry.Id);
        Assert.Equal(first.Envelope!.Ciphertext, retry.Envelope!.Ciphertext);

        var concurrent = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
            await Api.SendAsync(HttpMethod.Post, Messages(s.General.Id), Channel("k2"), s.Member.AccessToken)));
        var ids = new List<Guid>();
        foreach (var response in concurrent)
        {
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created);
            ids.Add((await Api.ExpectAsync<Message>(response, response.StatusCode)).Id);
        }

        Assert.Single(ids.Distinct());
        var list = await Api.GetAsync<MessageList>(Messages(s.General.Id), s.Member.AccessToken);
        Assert.Equal(2, list.Messages.Count);
    }

    [Fact]
    public async Task Send_EnvelopeShapeAndSize_AreEnforced()
    {
        var s = await ScenarioAsync();
        var path = Messages(s.General.Id);
        var devices = new MessageEnvelope(Devices: [new DeviceCiphertext(s.Admin.User.Id, 1, [1, 2])]);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, path, new SendMessageRequest("a", 1, devices) { FrankCommitment = new byte[32] }, s.Member.AccessToken), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, path, new SendMessageRequest("b", 1, new MessageEnvelope()) { FrankCommitment = new byte[32] }, s.Member.AccessToken), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, path, Channel("c", new byte[70_000]), s.Member.AccessToken), HttpStatusCode.RequestEntityTooLarge, ErrorCodes.PayloadTooLarge);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, path, Channel(new string('k', 65)), s.Member.AccessToken), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, path, Channel("d") with { SenderDeviceId = 99 }, s.Member.AccessToken), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, path, Channel("e"), s.Outsider.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);

        var dm = await Api.ExpectAsync<Channel>(await Api.SendAsync(HttpMethod.Post, "/dms", new CreateDmRequest(s.Admin.User.Id), s.Member.AccessToken));
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, Messages(dm.Id), Channel("f"), s.Member.AccessToken), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
        var sent = await Api.ExpectAsync<Message>(await Api.SendAsync(HttpMethod.Post, Messages(dm.Id), new SendMessageRequest("g", 1, devices) { FrankCommitment = new byte[32] }, s.Member.AccessToken), HttpStatusCode.Created);
        Assert.Equal(new byte[] { 1, 2 }, Assert.Single(sent.Envelope!.Devices!).Ciphertext);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, Messages(dm.Id), s.Moderator.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);
    }

    [Fact]
    public async Task ChannelSettings_ReadOnlyArchivedAndSlowMode_ApplyToMembersNotModerators()
    {
        var s = await ScenarioAsync();
        var path = Messages(s.General.Id);
        (await Api.SendAsync(HttpMethod.Patch, $"/channels/{s.General.Id}", new UpdateChannelRequest(ReadOnly: true), s.Admin.AccessToken)).EnsureSuccessStatusCode();
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, path, Channel("r1"), s.Member.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.ChannelReadOnly);
        await Api.ExpectAsync<Message>(await Api.SendAsync(HttpMethod.Post, path, Channel("r2"), s.Moderator.AccessToken), HttpStatusCode.Created);

        (await Api.SendAsync(HttpMethod.Patch, $"/channels/{s.General.Id}", new UpdateChannelRequest(ReadOnly: false, SlowModeSeconds: 3600), s.Admin.AccessToken)).EnsureSuccessStatusCode();
        await Api.ExpectAsync<Message>(await Api.SendAsync(HttpMethod.Post, path, Channel("s1"), s.Member.AccessToken), HttpStatusCode.Created);
        var slow = await ChatalotApi.ProblemAsync(await Api.SendAsync(HttpMethod.Post, path, Channel("s2"), s.Member.AccessToken), HttpStatusCode.TooManyRequests, ErrorCodes.SlowMode);
        Assert.True(slow.RetryAfterSeconds > 3000);
        // A retry of an accepted send is not a new post, so slow mode does not refuse it.
        await Api.ExpectAsync<Message>(await Api.SendAsync(HttpMethod.Post, path, Channel("s1"), s.Member.AccessToken), HttpStatusCode.OK);
        await Api.ExpectAsync<Message>(await Api.SendAsync(HttpMethod.Post, path, Channel("s3"), s.Moderator.AccessToken), HttpStatusCode.Created);

        (await Api.SendAsync(HttpMethod.Patch, $"/channels/{s.General.Id}", new UpdateChannelRequest(SlowModeSeconds: 0, Archived: true), s.Admin.AccessToken)).EnsureSuccessStatusCode();
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, path, Channel("a1"), s.Moderator.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.ChannelArchived);
        Assert.Equal(3, (await Api.GetAsync<MessageList>(path, s.Member.AccessToken)).Messages.Count);
    }

    [Fact]
    public async Task EditAndDelete_FollowTheRoles_KeepHistory_AndDeleteDropsTheBody()
    {
        var s = await ScenarioAsync();
        var path = Messages(s.General.Id);
        var original = await Api.ExpectAsync<Message>(await Api.SendAsync(HttpMethod.Post, path, Channel("e1", [1, 1, 1]), s.Member.AccessToken), HttpStatusCode.Created);
        var reply = await Api.ExpectAsync<Message>(await Api.SendAsync(HttpMethod.Post, path, Channel("e2", replyTo: original.Id), s.Admin.AccessToken), HttpStatusCode.Created);
        Assert.Equal(original.Id, reply.ReplyToId);

        var edit = new EditMessageRequest(new MessageEnvelope(Ciphertext: [2, 2, 2])) { FrankCommitment = new byte[32] };
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Patch, $"{path}/{original.Id}", edit, s.Admin.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        var edited = await Api.ExpectAsync<Message>(await Api.SendAsync(HttpMethod.Patch, $"{path}/{original.Id}", edit, s.Member.AccessToken));
        Assert.Equal(new byte[] { 2, 2, 2 }, edited.Envelope!.Ciphertext);
        Assert.NotNull(edited.EditedAt);
        var history = await Api.GetAsync<IReadOnlyList<MessageEdit>>($"{path}/{original.Id}/history", s.Admin.AccessToken);
        Assert.Equal(new byte[] { 1, 1, 1 }, Assert.Single(history).Envelope.Ciphertext);

        // Repeating the edit (same envelope as the current body) is a no-op answered with the message as it is.
        var repeated = await Api.ExpectAsync<Message>(await Api.SendAsync(HttpMethod.Patch, $"{path}/{original.Id}", edit, s.Member.AccessToken));
        Assert.Equal((await Api.GetAsync<Message>($"{path}/{original.Id}", s.Member.AccessToken)).EditedAt, repeated.EditedAt);
        Assert.Single(await Api.GetAsync<IReadOnlyList<MessageEdit>>($"{path}/{original.Id}/history", s.Admin.AccessToken));

        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Delete, $"{path}/{reply.Id}", s.Member.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        Assert.Equal(HttpStatusCode.NoContent, (await Api.SendAsync(HttpMethod.Delete, $"{path}/{original.Id}", s.Moderator.AccessToken)).StatusCode);
        var deleted = await Api.GetAsync<Message>($"{path}/{original.Id}", s.Member.AccessToken);
        Assert.Null(deleted.Envelope);
        Assert.NotNull(deleted.DeletedAt);
        Assert.Empty(await Api.GetAsync<IReadOnlyList<MessageEdit>>($"{path}/{original.Id}/history", s.Member.AccessToken));
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Patch, $"{path}/{original.Id}", edit, s.Member.AccessToken), HttpStatusCode.Conflict, ErrorCodes.Conflict);

        var elsewhere = await Api.PostAsync<CreateChannelRequest, Channel>($"/groups/{s.PublicGroup.Id}/channels", new CreateChannelRequest("other"), s.Admin.AccessToken, HttpStatusCode.Created);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, Messages(elsewhere.Id), Channel("x", replyTo: reply.Id), s.Member.AccessToken), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
    }

    [Fact]
    public async Task Pagination_BeforeAfterAround_WalkTheChannelWithoutGapsOrDuplicates()
    {
        var s = await ScenarioAsync();
        var path = Messages(s.General.Id);
        var sent = new List<Guid>();
        for (var i = 0; i < 10; i++)
        {
            sent.Add((await Api.ExpectAsync<Message>(await Api.SendAsync(HttpMethod.Post, path, Channel("p" + i), s.Member.AccessToken), HttpStatusCode.Created)).Id);
        }

        var latest = await Api.GetAsync<MessageList>($"{path}?limit=4", s.Admin.AccessToken);
        Assert.Equal(sent[6..], latest.Messages.Select(m => m.Id));
        Assert.True(latest.HasOlder);
        Assert.False(latest.HasNewer);

        var walked = new List<Guid>(latest.Messages.Select(m => m.Id));
        var page = latest;
        while (page.HasOlder)
        {
            page = await Api.GetAsync<MessageList>($"{path}?limit=4&before={page.Messages[0].Id}", s.Admin.AccessToken);
            walked.InsertRange(0, page.Messages.Select(m => m.Id));
        }

        Assert.Equal(sent, walked);

        var catchUp = await Api.GetAsync<MessageList>($"{path}?after={sent[2]}&limit=100", s.Admin.AccessToken);
        Assert.Equal(sent[3..], catchUp.Messages.Select(m => m.Id));
        Assert.False(catchUp.HasNewer);

        var around = await Api.GetAsync<MessageList>($"{path}?around={sent[5]}&limit=5", s.Admin.AccessToken);
        Assert.Equal(sent[3..8], around.Messages.Select(m => m.Id));
        Assert.True(around.HasOlder);
        Assert.True(around.HasNewer);

        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, $"{path}?before={Guid.NewGuid()}", s.Admin.AccessToken), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, $"{path}?limit=101", s.Admin.AccessToken), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, $"{path}?before=xyz", s.Admin.AccessToken), HttpStatusCode.BadRequest, ErrorCodes.MalformedRequest);
    }
}

public sealed class MessageSqliteTests(SqliteServerFixture fixture) : MessageConformanceTests(fixture), IClassFixture<SqliteServerFixture>;

public sealed class MessagePostgresTests(PostgresServerFixture fixture) : MessageConformanceTests(fixture), IClassFixture<PostgresServerFixture>;

public class MessagePurgeTests
{
    [Fact]
    public async Task Purge_RemovesSoftDeletedMessagesAfterRetention()
    {
        await using var server = await ChatalotTestServer.StartAsync(ChatalotDatabaseProvider.Sqlite, o => o with { DeletedMessageRetention = TimeSpan.Zero });
        using var api = server.CreateApi();
        var s = await CommunityScenario.CreateAsync(api);
        await MessageConformanceTests.PublishDeviceAsync(api, s.Member);
        var path = $"/channels/{s.General.Id}/messages";
        var kept = await api.ExpectAsync<Message>(await api.SendAsync(HttpMethod.Post, path, MessageConformanceTests.Channel("1"), s.Member.AccessToken), HttpStatusCode.Created);
        var gone = await api.ExpectAsync<Message>(await api.SendAsync(HttpMethod.Post, path, MessageConformanceTests.Channel("2"), s.Member.AccessToken), HttpStatusCode.Created);
        (await api.SendAsync(HttpMethod.Delete, $"{path}/{gone.Id}", s.Member.AccessToken)).EnsureSuccessStatusCode();

        await Task.Delay(10);
        Assert.Equal(1, await server.Services.GetRequiredService<MessagePurgeService>().PurgeOnceAsync(CancellationToken.None));
        await api.ExpectProblemAsync(api.SendAsync(HttpMethod.Get, $"{path}/{gone.Id}", s.Member.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        Assert.Equal(kept.Id, Assert.Single((await api.GetAsync<MessageList>(path, s.Member.AccessToken)).Messages).Id);
    }
}
