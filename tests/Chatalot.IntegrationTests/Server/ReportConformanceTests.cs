using System.Net;
using System.Security.Cryptography;
using Chatalot.Crypto;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Channels;
using Chatalot.Protocol.Content;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Messages;
using Chatalot.Protocol.Reports;

namespace Chatalot.IntegrationTests.Server;

/// <summary>
/// Verifiable abuse reports over REST (crypto.md §14), on every storage provider: senders frank real content as the SDK
/// does (the ciphertext is opaque to the server, so random bytes stand in for it), readers reveal openings, and only an
/// opening that matches the stored commitment and tag becomes a report.
/// </summary>
public abstract class ReportConformanceTests(ServerFixture fixture)
{
    private ChatalotApi Api => fixture.Api;

    private static string Messages(Guid channel) => $"/channels/{channel}/messages";

    /// <summary>A stored message with its opening.</summary>
    public sealed record Franked(Message Message, byte[] Plaintext, byte[] FrankingKey);

    private async Task<CommunityScenario> ScenarioAsync()
    {
        var s = await CommunityScenario.CreateAsync(Api);
        foreach (var user in new[] { s.Owner, s.Admin, s.Moderator, s.Member, s.Outsider })
        {
            await MessageConformanceTests.PublishDeviceAsync(Api, user);
        }

        return s;
    }

    private static byte[] Plaintext(string text, Guid channel, Guid sender, Guid clientId, byte[] frankingKey, ConversationKind kind = ConversationKind.Channel) =>
        ContentCodec.Encode(MessageContent.CreateText(text) with
        {
            Conversation = new ConversationRef(kind, channel),
            Sender = new ContentSender(sender, 1),
            ClientMessageId = clientId,
            SentAt = DateTimeOffset.UtcNow,
            FrankingKey = frankingKey,
        });

    private Task<Franked> SendAsync(AuthResponse sender, Guid channel, string text, ConversationKind kind = ConversationKind.Channel) =>
        SendFrankedAsync(Api, sender, channel, text, kind);

    /// <summary>Sends a text franked as the SDK does (device 1), with random bytes as its opaque ciphertext.</summary>
    public static async Task<Franked> SendFrankedAsync(ChatalotApi api, AuthResponse sender, Guid channel, string text, ConversationKind kind = ConversationKind.Channel)
    {
        var clientId = Guid.CreateVersion7();
        var key = clientId.ToString("N");
        var fk = Franking.NewKey();
        var plaintext = Plaintext(text, channel, sender.User.Id, clientId, fk, kind);
        var commitment = Franking.Commit(fk, plaintext, new FrankingContext(sender.User.Id, 1, channel, key));
        var envelope = kind == ConversationKind.Dm
            ? new MessageEnvelope(Devices: [new DeviceCiphertext(sender.User.Id, 1, RandomNumberGenerator.GetBytes(64))])
            : new MessageEnvelope(Ciphertext: RandomNumberGenerator.GetBytes(64));
        var message = await api.ExpectAsync<Message>(await api.SendAsync(HttpMethod.Post, Messages(channel),
            new SendMessageRequest(key, 1, envelope) { FrankCommitment = commitment }, sender.AccessToken), HttpStatusCode.Created);
        return new Franked(message, plaintext, fk);
    }

    private async Task<Franked> EditAsync(AuthResponse sender, Franked original, string text)
    {
        var fk = Franking.NewKey();
        var plaintext = Plaintext(text, original.Message.ChannelId, sender.User.Id, Guid.CreateVersion7(), fk);
        var commitment = Franking.Commit(fk, plaintext, new FrankingContext(sender.User.Id, 1, original.Message.ChannelId, original.Message.IdempotencyKey));
        var message = await Api.ExpectAsync<Message>(await Api.SendAsync(HttpMethod.Patch, $"{Messages(original.Message.ChannelId)}/{original.Message.Id}",
            new EditMessageRequest(new MessageEnvelope(Ciphertext: RandomNumberGenerator.GetBytes(64))) { FrankCommitment = commitment }, sender.AccessToken));
        return new Franked(message, plaintext, fk);
    }

    private Task<HttpResponseMessage> ReportAsync(Guid message, byte[] plaintext, byte[] fk, string token, string reason = ReportReason.Harassment) =>
        Api.SendAsync(HttpMethod.Post, $"/messages/{message}/reports", new CreateReportRequest(plaintext, fk, reason, "see this"), token);

    [Fact]
    public async Task Report_OfARealMessage_IsVerified_AndReachesTheCommunityQueue_WithTheVerifiedText()
    {
        var s = await ScenarioAsync();
        var sent = await SendAsync(s.Member, s.General.Id, "something abusive");
        Assert.Equal(32, sent.Message.FrankTag!.Length);
        Assert.NotNull(sent.Message.FrankKeyId);

        var report = await Api.ExpectAsync<Report>(await ReportAsync(sent.Message.Id, sent.Plaintext, sent.FrankingKey, s.Moderator.AccessToken), HttpStatusCode.Created);
        Assert.Equal((ReportStatus.Open, s.Member.User.Id, s.Moderator.User.Id, s.Community.Id), (report.Status, report.SenderId, report.ReporterId, report.CommunityId));

        // Reporting again answers the same open report.
        var again = await Api.ExpectAsync<Report>(await ReportAsync(sent.Message.Id, sent.Plaintext, sent.FrankingKey, s.Moderator.AccessToken));
        Assert.Equal(report.Id, again.Id);

        var queue = await Api.GetAsync<IReadOnlyList<Report>>($"/communities/{s.Community.Id}/reports?status=open", s.Admin.AccessToken);
        var listed = Assert.Single(queue);
        Assert.Equal("something abusive", ContentCodec.Decode(listed.Plaintext).Text);
        Assert.Equal("see this", listed.Note);

        var resolved = await Api.ExpectAsync<Report>(await Api.SendAsync(HttpMethod.Post, $"/reports/{report.Id}/resolve", s.Owner.AccessToken));
        Assert.Equal((ReportStatus.Resolved, s.Owner.User.Id), (resolved.Status, resolved.ResolvedBy));
        Assert.Equal(resolved.Id, (await Api.ExpectAsync<Report>(await Api.SendAsync(HttpMethod.Post, $"/reports/{report.Id}/resolve", s.Owner.AccessToken))).Id);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, $"/reports/{report.Id}/dismiss", s.Owner.AccessToken), HttpStatusCode.Conflict, ErrorCodes.Conflict);
        Assert.Empty(await Api.GetAsync<IReadOnlyList<Report>>($"/communities/{s.Community.Id}/reports", s.Admin.AccessToken));
        Assert.Single(await Api.GetAsync<IReadOnlyList<Report>>($"/communities/{s.Community.Id}/reports?status=resolved", s.Admin.AccessToken));
    }

    [Fact]
    public async Task ForgedReports_FailWithOneTypedError_AndAreNotQueued()
    {
        var s = await ScenarioAsync();
        var sent = await SendAsync(s.Member, s.General.Id, "the real text");
        var other = await SendAsync(s.Admin, s.General.Id, "another sender's text");
        var id = sent.Message.Id;

        // Wrong text (same key), random key, the text re-encoded as someone else's, a valid opening of another message.
        var wrongText = Plaintext("text never sent", s.General.Id, s.Member.User.Id, Guid.CreateVersion7(), sent.FrankingKey);
        await Api.ExpectProblemAsync(ReportAsync(id, wrongText, sent.FrankingKey, s.Moderator.AccessToken), HttpStatusCode.UnprocessableEntity, ErrorCodes.ReportUnverifiable);
        await Api.ExpectProblemAsync(ReportAsync(id, sent.Plaintext, RandomNumberGenerator.GetBytes(32), s.Moderator.AccessToken), HttpStatusCode.UnprocessableEntity, ErrorCodes.ReportUnverifiable);
        await Api.ExpectProblemAsync(ReportAsync(id, other.Plaintext, other.FrankingKey, s.Moderator.AccessToken), HttpStatusCode.UnprocessableEntity, ErrorCodes.ReportUnverifiable);
        await Api.ExpectProblemAsync(ReportAsync(other.Message.Id, sent.Plaintext, sent.FrankingKey, s.Moderator.AccessToken), HttpStatusCode.UnprocessableEntity, ErrorCodes.ReportUnverifiable);
        var tampered = (byte[])sent.Plaintext.Clone();
        tampered[^2] ^= 1;
        await Api.ExpectProblemAsync(ReportAsync(id, tampered, sent.FrankingKey, s.Moderator.AccessToken), HttpStatusCode.UnprocessableEntity, ErrorCodes.ReportUnverifiable);

        // Malformed input is a validation error, never a 500.
        await Api.ExpectProblemAsync(ReportAsync(id, sent.Plaintext, new byte[5], s.Moderator.AccessToken), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
        await Api.ExpectProblemAsync(ReportAsync(id, sent.Plaintext, sent.FrankingKey, s.Moderator.AccessToken, reason: "boring"), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
        await Api.ExpectProblemAsync(ReportAsync(Guid.CreateVersion7(), sent.Plaintext, sent.FrankingKey, s.Moderator.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);

        // Nothing was queued by the failures; a true opening still goes through afterwards.
        Assert.Empty(await Api.GetAsync<IReadOnlyList<Report>>($"/communities/{s.Community.Id}/reports?status=all", s.Owner.AccessToken));
        await Api.ExpectAsync<Report>(await ReportAsync(id, sent.Plaintext, sent.FrankingKey, s.Moderator.AccessToken), HttpStatusCode.Created);
    }

    [Fact]
    public async Task EditedMessage_VerifiesOnlyItsCurrentBody()
    {
        var s = await ScenarioAsync();
        var before = await SendAsync(s.Member, s.General.Id, "said first");
        var after = await EditAsync(s.Member, before, "said after the edit");
        Assert.False(before.Message.FrankTag!.AsSpan().SequenceEqual(after.Message.FrankTag));

        // The text before the edit no longer verifies against the edited message, and the edited text's opening does
        // not verify against another message either.
        await Api.ExpectProblemAsync(ReportAsync(before.Message.Id, before.Plaintext, before.FrankingKey, s.Admin.AccessToken), HttpStatusCode.UnprocessableEntity, ErrorCodes.ReportUnverifiable);
        var unrelated = await SendAsync(s.Member, s.General.Id, "unrelated");
        await Api.ExpectProblemAsync(ReportAsync(unrelated.Message.Id, after.Plaintext, after.FrankingKey, s.Admin.AccessToken), HttpStatusCode.UnprocessableEntity, ErrorCodes.ReportUnverifiable);

        var report = await Api.ExpectAsync<Report>(await ReportAsync(before.Message.Id, after.Plaintext, after.FrankingKey, s.Admin.AccessToken), HttpStatusCode.Created);
        Assert.Equal("said after the edit", ContentCodec.Decode(report.Plaintext).Text);
    }

    [Fact]
    public async Task OnlyReaders_Report_AndOnlyHandlers_SeeAndCloseTheQueue()
    {
        var s = await ScenarioAsync();
        var sent = await SendAsync(s.Member, s.General.Id, "in the general channel");

        await Api.ExpectProblemAsync(ReportAsync(sent.Message.Id, sent.Plaintext, sent.FrankingKey, s.Outsider.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        var report = await Api.ExpectAsync<Report>(await ReportAsync(sent.Message.Id, sent.Plaintext, sent.FrankingKey, s.Owner.AccessToken), HttpStatusCode.Created);

        var queue = $"/communities/{s.Community.Id}/reports";
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, queue, s.Member.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        Assert.Single(await Api.GetAsync<IReadOnlyList<Report>>(queue, s.Moderator.AccessToken)); // handle_reports is in the moderator preset
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, queue, s.Outsider.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, queue + "?status=weird", s.Admin.AccessToken), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, $"/reports/{report.Id}/dismiss", s.Member.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, $"/reports/{report.Id}/dismiss", s.Outsider.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, $"/reports/{Guid.CreateVersion7()}/dismiss", s.Admin.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);

        var dismissed = await Api.ExpectAsync<Report>(await Api.SendAsync(HttpMethod.Post, $"/reports/{report.Id}/dismiss", s.Admin.AccessToken));
        Assert.Equal(ReportStatus.Dismissed, dismissed.Status);
    }

    [Fact]
    public async Task DirectMessageReports_GoToTheInstanceOwnersQueue()
    {
        var s = await ScenarioAsync();
        var dm = await Api.ExpectAsync<Channel>(await Api.SendAsync(HttpMethod.Post, "/dms", new CreateDmRequest(s.Admin.User.Id), s.Member.AccessToken));
        var sent = await SendAsync(s.Member, dm.Id, "a private insult", ConversationKind.Dm);

        var report = await Api.ExpectAsync<Report>(await ReportAsync(sent.Message.Id, sent.Plaintext, sent.FrankingKey, s.Admin.AccessToken), HttpStatusCode.Created);
        Assert.Null(report.CommunityId);

        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, "/admin/reports", s.Owner.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, $"/reports/{report.Id}/resolve", s.Owner.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        Assert.Contains(await Api.GetAsync<IReadOnlyList<Report>>("/admin/reports", fixture.Owner.AccessToken), r => r.Id == report.Id);
        var resolved = await Api.ExpectAsync<Report>(await Api.SendAsync(HttpMethod.Post, $"/reports/{report.Id}/resolve", fixture.Owner.AccessToken));
        Assert.Equal(ReportStatus.Resolved, resolved.Status);
    }

    [Fact]
    public async Task Messages_WithoutAWellFormedCommitment_AreRefused()
    {
        var s = await ScenarioAsync();
        var path = Messages(s.General.Id);
        var envelope = new MessageEnvelope(Ciphertext: RandomNumberGenerator.GetBytes(48));
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, path, new SendMessageRequest("none", 1, envelope), s.Member.AccessToken), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, path, new SendMessageRequest("short", 1, envelope) { FrankCommitment = new byte[31] }, s.Member.AccessToken), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
        var sent = await SendAsync(s.Member, s.General.Id, "franked");
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Patch, $"{path}/{sent.Message.Id}", new EditMessageRequest(envelope), s.Member.AccessToken), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);

        // Nothing of the refused sends was stored.
        Assert.Equal(sent.Message.Id, Assert.Single((await Api.GetAsync<MessageList>(path, s.Member.AccessToken)).Messages).Id);
    }
}

public sealed class ReportSqliteTests(SqliteServerFixture fixture) : ReportConformanceTests(fixture), IClassFixture<SqliteServerFixture>;

public sealed class ReportPostgresTests(PostgresServerFixture fixture) : ReportConformanceTests(fixture), IClassFixture<PostgresServerFixture>;
