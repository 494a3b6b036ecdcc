using System.Net;
using Microsoft.Extensions.Time.Testing;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Attachments;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Messages;
using Chatalot.Protocol.Gateway;
using Chatalot.Server.Hosting.Attachments.Internal;
using Chatalot.Server.Hosting.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Chatalot.IntegrationTests.Server;

/// <summary>Encrypted uploads, downloads, quotas and clean-up (rest.md §Attachments), on every storage provider.</summary>
public abstract class AttachmentConformanceTests(ServerFixture fixture)
{
    private ChatalotApi Api => fixture.Api;

    private string Owner => fixture.Owner.AccessToken;

    private static byte[] Bytes(int length) => RandomNumberGenerator.GetBytes(length);

    [Fact]
    public async Task Upload_InChunks_ResumesCompletesAndDownloads_WithRanges()
    {
        var data = Bytes(100_000);
        var created = await Api.ExpectAsync<Upload>(await Api.SendAsync(HttpMethod.Post, "/uploads", new CreateUploadRequest(data.Length), Owner), HttpStatusCode.Created);
        Assert.Equal((data.Length, 0L, false), (created.Length, created.Offset, created.Completed));
        Assert.True(created.ExpiresAt > created.CreatedAt);
        Assert.Equal(4, (int)created.Id.Version);

        using (var first = await UploadApi.PatchAsync(Api, Owner, created.Id, 0, data[..40_000]))
        {
            Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
            Assert.Equal("40000", first.Headers.GetValues(UploadHeaders.Offset).Single());
        }

        using (var get = await Api.SendAsync(HttpMethod.Get, $"/uploads/{created.Id}", Owner))
        {
            Assert.True(get.Headers.CacheControl?.NoStore);
            Assert.Equal(40_000, (await Api.ExpectAsync<Upload>(get)).Offset);
        }

        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, $"/uploads/{created.Id}/complete", new CompleteUploadRequest(SHA256.HashData(data)), Owner), HttpStatusCode.Conflict, ErrorCodes.UploadIncomplete);
        using (var second = await UploadApi.PatchAsync(Api, Owner, created.Id, 40_000, data[40_000..], checksum: true))
        {
            Assert.Equal(HttpStatusCode.NoContent, second.StatusCode);
        }

        var completed = await UploadApi.CompleteAsync(Api, Owner, created.Id, data);
        Assert.True(completed.Completed);
        Assert.Equal(data.Length, completed.Offset);
        Assert.True((await UploadApi.CompleteAsync(Api, Owner, created.Id, data)).Completed); // idempotent
        await Api.ExpectProblemAsync(UploadApi.PatchAsync(Api, Owner, created.Id, data.Length, [1]), HttpStatusCode.Conflict, ErrorCodes.Conflict);

        using (var whole = await UploadApi.DownloadAsync(Api, Owner, created.Id))
        {
            Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
            Assert.Equal(data, await whole.Content.ReadAsByteArrayAsync());
            Assert.Equal("application/octet-stream", whole.Content.Headers.ContentType?.MediaType);
            Assert.Equal("attachment", whole.Content.Headers.ContentDisposition?.DispositionType);
            Assert.Equal("nosniff", whole.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("bytes", whole.Headers.AcceptRanges.Single());
            Assert.Equal($"\"{Convert.ToHexStringLower(SHA256.HashData(data))}\"", whole.Headers.ETag?.Tag);
            Assert.True(whole.Headers.CacheControl is { Private: true, MaxAge.TotalSeconds: 31536000 });
        }

        using (var part = await UploadApi.DownloadAsync(Api, Owner, created.Id, "bytes=1000-1999"))
        {
            Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
            Assert.Equal(data[1000..2000], await part.Content.ReadAsByteArrayAsync());
            Assert.Equal($"bytes 1000-1999/{data.Length}", part.Content.Headers.ContentRange?.ToString());
        }

        using (var suffix = await UploadApi.DownloadAsync(Api, Owner, created.Id, "bytes=-500"))
        {
            Assert.Equal(data[^500..], await suffix.Content.ReadAsByteArrayAsync());
        }

        using (var open = await UploadApi.DownloadAsync(Api, Owner, created.Id, "bytes=99000-"))
        {
            Assert.Equal(data[99_000..], await open.Content.ReadAsByteArrayAsync());
        }

        using (var several = await UploadApi.DownloadAsync(Api, Owner, created.Id, "bytes=0-9,20-29"))
        {
            Assert.Equal(HttpStatusCode.OK, several.StatusCode);
            Assert.Equal(data, await several.Content.ReadAsByteArrayAsync());
        }

        var unsatisfiable = await UploadApi.DownloadAsync(Api, Owner, created.Id, $"bytes={data.Length}-");
        Assert.Equal($"bytes */{data.Length}", unsatisfiable.Content.Headers.ContentRange?.ToString());
        await ChatalotApi.ProblemAsync(unsatisfiable, HttpStatusCode.RequestedRangeNotSatisfiable, ErrorCodes.ValidationFailed);
    }

    [Fact]
    public async Task Patch_WrongOffset_IsRefusedWithTheServerOffset_AndWritesNothing()
    {
        var upload = await UploadApi.CreateAsync(Api, Owner, 1000);
        (await UploadApi.PatchAsync(Api, Owner, upload.Id, 0, Bytes(100))).Dispose();
        var wrong = await UploadApi.PatchAsync(Api, Owner, upload.Id, 50, Bytes(100));
        Assert.Equal("100", wrong.Headers.GetValues(UploadHeaders.Offset).Single());
        await ChatalotApi.ProblemAsync(wrong, HttpStatusCode.Conflict, ErrorCodes.OffsetMismatch);
        Assert.Equal(100, (await UploadApi.GetAsync(Api, Owner, upload.Id)).Offset);
    }

    [Fact]
    public async Task Patch_TruncatedBodyWithChecksum_IsRefused_AndWritesNothing()
    {
        var upload = await UploadApi.CreateAsync(Api, Owner, 1000);
        var chunk = Bytes(500);
        await Api.ExpectProblemAsync(UploadApi.PatchAsync(Api, Owner, upload.Id, 0, chunk[..300], checksum: true, checksumOf: chunk), HttpStatusCode.UnprocessableEntity, ErrorCodes.ChecksumMismatch);
        Assert.Equal(0, (await UploadApi.GetAsync(Api, Owner, upload.Id)).Offset);
        using var ok = await UploadApi.PatchAsync(Api, Owner, upload.Id, 0, chunk, checksum: true);
        Assert.Equal(HttpStatusCode.NoContent, ok.StatusCode);
    }

    [Fact]
    public async Task Patch_BodyCutOffWithoutChecksum_KeepsWhatArrived_AndTheUploadResumes()
    {
        var data = Bytes(2 * 1024 * 1024);
        var upload = await UploadApi.CreateAsync(Api, Owner, data.Length);
        var sent = 1_500_000;
        using (var socket = new TcpClient())
        {
            await socket.ConnectAsync(fixture.Server.BaseAddress.Host, fixture.Server.BaseAddress.Port);
            var stream = socket.GetStream();
            var head = $"PATCH /api/v1/uploads/{upload.Id} HTTP/1.1\r\nHost: {fixture.Server.BaseAddress.Authority}\r\nAuthorization: Bearer {Owner}\r\n" +
                $"{UploadHeaders.Offset}: 0\r\nContent-Type: {UploadHeaders.ChunkContentType}\r\nContent-Length: {data.Length}\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
            await stream.WriteAsync(data.AsMemory(0, sent));
            await stream.FlushAsync();

            // The server is storing the body (the PostgreSQL store shows whole 1 MiB chunks only) when the connection drops.
            await UploadApi.WaitUntilAsync(async () => (await UploadApi.GetAsync(Api, Owner, upload.Id)).Offset >= 1024 * 1024, "the first mebibyte to be stored");
        }

        // The connection is gone; the bytes that reached the server stay (at least the mebibyte seen above), and the
        // upload resumes from the offset the server reports. Until the server has finished with the cut request it
        // still holds the upload, and a resume is told to retry (409).
        long resumedAt = 0;
        await UploadApi.WaitUntilAsync(async () =>
        {
            resumedAt = (await UploadApi.GetAsync(Api, Owner, upload.Id)).Offset;
            using var rest = await UploadApi.PatchAsync(Api, Owner, upload.Id, resumedAt, data[(int)resumedAt..]);
            Assert.True(rest.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.Conflict, $"resume answered {(int)rest.StatusCode}");
            return rest.StatusCode == HttpStatusCode.NoContent;
        }, "the resumed chunk to be accepted");
        Assert.InRange(resumedAt, 1024 * 1024, sent);
        var done = await UploadApi.CompleteAsync(Api, Owner, upload.Id, data);
        Assert.True(done.Completed);
    }

    [Fact]
    public async Task Patch_RacingOnOneUpload_OneWinsWhole_TheOtherIsToldTheOffset()
    {
        var (dataA, dataB) = (Bytes(40_000), Bytes(40_000));
        var upload = await UploadApi.CreateAsync(Api, Owner, dataA.Length);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // A is held half-way through its body while B runs: whichever reaches the upload first wins, the other is refused.
        var slow = UploadApi.PatchAsync(Api, Owner, upload.Id, 0, new HeldContent(dataA, 10_000, release.Task));
        using var fast = await UploadApi.PatchAsync(Api, Owner, upload.Id, 0, dataB);
        release.SetResult();
        using var held = await slow;
        Assert.Equal(
            new[] { HttpStatusCode.NoContent, HttpStatusCode.Conflict }.Order(),
            new[] { held.StatusCode, fast.StatusCode }.Order());
        var loser = held.StatusCode == HttpStatusCode.Conflict ? held : fast;
        Assert.Equal(ErrorCodes.OffsetMismatch, (await ChatalotApi.ProblemAsync(loser, HttpStatusCode.Conflict, ErrorCodes.OffsetMismatch)).Code);

        // The stored bytes are the winner's, whole: never a mix.
        var winner = held.StatusCode == HttpStatusCode.NoContent ? dataA : dataB;
        Assert.True((await UploadApi.CompleteAsync(Api, Owner, upload.Id, winner)).Completed);
    }

    [Fact]
    public async Task Patch_PastTheLength_IsRefused_AndCreateChecksTheSize()
    {
        var upload = await UploadApi.CreateAsync(Api, Owner, 100);
        await Api.ExpectProblemAsync(UploadApi.PatchAsync(Api, Owner, upload.Id, 0, Bytes(101)), HttpStatusCode.RequestEntityTooLarge, ErrorCodes.PayloadTooLarge);
        Assert.Equal(0, (await UploadApi.GetAsync(Api, Owner, upload.Id)).Offset);
        await Api.ExpectProblemAsync(UploadApi.PatchAsync(Api, Owner, upload.Id, 0, new ChunkedContent(Bytes(150))), HttpStatusCode.RequestEntityTooLarge, ErrorCodes.PayloadTooLarge);
        Assert.Equal(0, (await UploadApi.GetAsync(Api, Owner, upload.Id)).Offset);

        var max = AttachmentLimits.CiphertextAllowance(AttachmentLimits.DefaultMaxAttachmentBytes);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/uploads", new CreateUploadRequest(max + 1), Owner), HttpStatusCode.RequestEntityTooLarge, ErrorCodes.AttachmentTooLarge);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/uploads", new CreateUploadRequest(AttachmentLimits.MinCiphertextBytes - 1), Owner), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
        Assert.Equal(max, (await UploadApi.CreateAsync(Api, Owner, max)).Length);
        Assert.Equal(AttachmentLimits.DefaultMaxAttachmentBytes, (await Api.GetAsync<ServerInfo>("/server", Owner)).MaxAttachmentBytes);

        var wrongType = await Api.SendRawAsync(HttpMethod.Patch, $"/uploads/{upload.Id}", "{}", Owner);
        await ChatalotApi.ProblemAsync(wrongType, HttpStatusCode.UnsupportedMediaType, ErrorCodes.MalformedRequest);
    }

    [Fact]
    public async Task Complete_WrongDigest_IsRefused_AndTheUploadIsKept()
    {
        var data = Bytes(5000);
        var upload = await UploadApi.CreateAsync(Api, Owner, data.Length);
        (await UploadApi.PatchAsync(Api, Owner, upload.Id, 0, data)).Dispose();
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, $"/uploads/{upload.Id}/complete", new CompleteUploadRequest(SHA256.HashData(Bytes(10))), Owner), HttpStatusCode.UnprocessableEntity, ErrorCodes.DigestMismatch);
        Assert.Equal(data.Length, (await UploadApi.GetAsync(Api, Owner, upload.Id)).Offset);
        Assert.True((await UploadApi.CompleteAsync(Api, Owner, upload.Id, data)).Completed);
        (await Api.SendAsync(HttpMethod.Delete, $"/uploads/{upload.Id}", Owner)).EnsureSuccessStatusCode();
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, $"/uploads/{upload.Id}", Owner), HttpStatusCode.NotFound, ErrorCodes.NotFound);
    }

    [Fact]
    public async Task Download_OnlyTheUploaderAndReadersOfAChannelWhereItWasSent()
    {
        var s = await GatewayConformanceTests.ScenarioWithDevicesAsync(Api);
        var data = Bytes(2000);
        var upload = await UploadApi.UploadAsync(Api, s.Member.AccessToken, data, s.General.Id);
        await Api.ExpectProblemAsync(UploadApi.DownloadAsync(Api, s.Admin.AccessToken, upload.Id), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, $"/uploads/{upload.Id}", s.Admin.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await Api.ExpectProblemAsync(UploadApi.PatchAsync(Api, s.Admin.AccessToken, upload.Id, 0, [1]), HttpStatusCode.NotFound, ErrorCodes.NotFound);

        var sent = await Api.ExpectAsync<Message>(await Api.SendAsync(HttpMethod.Post, $"/channels/{s.General.Id}/messages",
            MessageConformanceTests.Channel("with-file") with { AttachmentIds = [upload.Id, upload.Id] }, s.Member.AccessToken), HttpStatusCode.Created);
        Assert.Equal([upload.Id], sent.AttachmentIds);
        Assert.Equal([upload.Id], (await Api.GetAsync<Message>($"/channels/{s.General.Id}/messages/{sent.Id}", s.Admin.AccessToken)).AttachmentIds);
        Assert.Equal([upload.Id], (await Api.GetAsync<MessageList>($"/channels/{s.General.Id}/messages", s.Admin.AccessToken)).Messages.Single(m => m.Id == sent.Id).AttachmentIds);

        using (var download = await UploadApi.DownloadAsync(Api, s.Admin.AccessToken, upload.Id))
        {
            Assert.Equal(data, await download.Content.ReadAsByteArrayAsync());
        }

        await Api.ExpectProblemAsync(UploadApi.DownloadAsync(Api, s.Outsider.AccessToken, upload.Id), HttpStatusCode.NotFound, ErrorCodes.NotFound);

        // Referencing: unknown or someone else's unreadable upload is refused; an incomplete own one too; nothing is stored.
        var outsiderFile = await UploadApi.UploadAsync(Api, s.Outsider.AccessToken, Bytes(100));
        var incomplete = await UploadApi.CreateAsync(Api, s.Member.AccessToken, 100, s.General.Id);
        var path = $"/channels/{s.General.Id}/messages";
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, path, MessageConformanceTests.Channel("bad1") with { AttachmentIds = [outsiderFile.Id] }, s.Member.AccessToken), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, path, MessageConformanceTests.Channel("bad2") with { AttachmentIds = [Guid.NewGuid()] }, s.Member.AccessToken), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, path, MessageConformanceTests.Channel("bad3") with { AttachmentIds = [incomplete.Id] }, s.Member.AccessToken), HttpStatusCode.Conflict, ErrorCodes.UploadIncomplete);
        Assert.DoesNotContain((await Api.GetAsync<MessageList>(path, s.Member.AccessToken)).Messages, m => m.IdempotencyKey.StartsWith("bad", StringComparison.Ordinal));

        // A retry with the same key returns the stored message and adds nothing.
        var retry = await Api.ExpectAsync<Message>(await Api.SendAsync(HttpMethod.Post, path,
            MessageConformanceTests.Channel("with-file") with { AttachmentIds = [upload.Id] }, s.Member.AccessToken));
        Assert.Equal(sent.Id, retry.Id);
        Assert.Equal([upload.Id], retry.AttachmentIds);
    }

    [Fact]
    public async Task DeletingTheLastReferencingMessage_DeletesTheFile_AForwardKeepsIt()
    {
        var s = await GatewayConformanceTests.ScenarioWithDevicesAsync(Api);
        var path = $"/channels/{s.General.Id}/messages";
        var upload = await UploadApi.UploadAsync(Api, s.Member.AccessToken, Bytes(1000), s.General.Id);
        var original = await Api.ExpectAsync<Message>(await Api.SendAsync(HttpMethod.Post, path, MessageConformanceTests.Channel("orig") with { AttachmentIds = [upload.Id] }, s.Member.AccessToken), HttpStatusCode.Created);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Delete, $"/uploads/{upload.Id}", s.Member.AccessToken), HttpStatusCode.Conflict, ErrorCodes.Conflict);

        // The admin forwards it (may download it, so may reference it).
        var forward = await Api.ExpectAsync<Message>(await Api.SendAsync(HttpMethod.Post, path, MessageConformanceTests.Channel("fwd") with { AttachmentIds = [upload.Id] }, s.Admin.AccessToken), HttpStatusCode.Created);
        (await Api.SendAsync(HttpMethod.Delete, $"{path}/{original.Id}", s.Member.AccessToken)).EnsureSuccessStatusCode();
        using (var still = await UploadApi.DownloadAsync(Api, s.Moderator.AccessToken, upload.Id))
        {
            Assert.Equal(HttpStatusCode.OK, still.StatusCode);
        }

        (await Api.SendAsync(HttpMethod.Delete, $"{path}/{forward.Id}", s.Admin.AccessToken)).EnsureSuccessStatusCode();
        await Api.ExpectProblemAsync(UploadApi.DownloadAsync(Api, s.Member.AccessToken, upload.Id), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, $"/uploads/{upload.Id}", s.Member.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        Assert.Equal(0, await fixture.Server.Services.GetRequiredService<IChatalotBlobStore>().GetLengthAsync(upload.Id, default));
    }

    [Fact]
    public async Task EditingAMessage_AddsItsAttachments()
    {
        var s = await GatewayConformanceTests.ScenarioWithDevicesAsync(Api);
        await using var watcher = await GatewayConformanceTests.SubscribedAsync(fixture.Server.BaseAddress, s.Admin, s.General.Id);
        var path = $"/channels/{s.General.Id}/messages";
        var a = await UploadApi.UploadAsync(Api, s.Member.AccessToken, Bytes(100), s.General.Id);
        var b = await UploadApi.UploadAsync(Api, s.Member.AccessToken, Bytes(100), s.General.Id);
        var sent = await Api.ExpectAsync<Message>(await Api.SendAsync(HttpMethod.Post, path, MessageConformanceTests.Channel("edit-me") with { AttachmentIds = [a.Id] }, s.Member.AccessToken), HttpStatusCode.Created);
        var edited = await Api.ExpectAsync<Message>(await Api.SendAsync(HttpMethod.Patch, $"{path}/{sent.Id}",
            new EditMessageRequest(new MessageEnvelope(Ciphertext: Bytes(48)), [b.Id]) { FrankCommitment = new byte[32] }, s.Member.AccessToken));
        Assert.Equal(new[] { a.Id, b.Id }.Order(), edited.AttachmentIds!.Order());
        Assert.Equal([a.Id], (await watcher.WaitForAsync<MessageCreatedEvent>(e => e.Message.Id == sent.Id)).Message.AttachmentIds);
        var updated = await watcher.WaitForAsync<MessageUpdatedEvent>(e => e.Message.Id == sent.Id);
        Assert.Equal(new[] { a.Id, b.Id }.Order(), updated.Message.AttachmentIds!.Order());
    }

    [Fact]
    public async Task GatewaySend_CarriesAttachmentIds_AndRefusesAnIncompleteUploadWithATypedError()
    {
        var s = await GatewayConformanceTests.ScenarioWithDevicesAsync(Api);
        await using var sender = await GatewayConformanceTests.SubscribedAsync(fixture.Server.BaseAddress, s.Member, s.General.Id);
        var upload = await UploadApi.UploadAsync(Api, s.Member.AccessToken, Bytes(300), s.General.Id);
        var incomplete = await UploadApi.CreateAsync(Api, s.Member.AccessToken, 300, s.General.Id);

        await sender.SendAsync(new SendMessageFrame("g1", s.General.Id, MessageConformanceTests.Channel("g1") with { AttachmentIds = [upload.Id] }));
        Assert.Equal([upload.Id], (await sender.WaitForAsync<MessageSentFrame>(f => f.RequestId == "g1")).Message.AttachmentIds);

        await sender.SendAsync(new SendMessageFrame("g2", s.General.Id, MessageConformanceTests.Channel("g2") with { AttachmentIds = [incomplete.Id] }));
        Assert.Equal(ErrorCodes.UploadIncomplete, (await sender.WaitForAsync<ErrorFrame>(f => f.RequestId == "g2")).Code);
        await sender.SendAsync(new SendMessageFrame("g3", s.General.Id, MessageConformanceTests.Channel("g3")));
        Assert.Null((await sender.WaitForAsync<MessageSentFrame>(f => f.RequestId == "g3")).Message.AttachmentIds);
    }

    [Fact]
    public async Task StorageUsage_CountsDeclaredLengths()
    {
        var user = await Api.RegisterAsync();
        await UploadApi.CreateAsync(Api, user.AccessToken, 1000);
        await UploadApi.UploadAsync(Api, user.AccessToken, Bytes(500));
        var usage = await Api.GetAsync<StorageUsage>("/users/me/storage", user.AccessToken);
        Assert.Equal(1500, usage.UsedBytes);
        Assert.Equal(10L * 1024 * 1024 * 1024, usage.QuotaBytes);
        Assert.Equal(AttachmentLimits.CiphertextAllowance(AttachmentLimits.DefaultMaxAttachmentBytes), usage.MaxAttachmentBytes);
    }

    [Fact]
    public async Task Quotas_PerUserAndPerCommunity_RefuseWhatWouldOvershoot_AndKeepWhatIsStored()
    {
        await using var server = await ChatalotTestServer.StartAsync(fixture.Provider, o => o with
        {
            Attachments = o.Attachments with { UserQuotaBytes = 3000, CommunityQuotaBytes = 5000, Store = fixture.Store },
        });
        using var api = server.CreateApi();
        await api.RegisterAsync();
        var s = await GatewayConformanceTests.ScenarioWithDevicesAsync(api);
        var kept = Bytes(2000);
        var first = await UploadApi.UploadAsync(api, s.Member.AccessToken, kept, s.General.Id);
        var overUser = await api.SendAsync(HttpMethod.Post, "/uploads", new CreateUploadRequest(1001), s.Member.AccessToken);
        var problem = await ChatalotApi.ProblemAsync(overUser, HttpStatusCode.RequestEntityTooLarge, ErrorCodes.QuotaExceeded);
        Assert.Contains("1000 bytes left", problem.Detail, StringComparison.Ordinal);
        await UploadApi.CreateAsync(api, s.Member.AccessToken, 1000);

        await UploadApi.CreateAsync(api, s.Admin.AccessToken, 2500, s.General.Id);
        var overCommunity = await api.SendAsync(HttpMethod.Post, "/uploads", new CreateUploadRequest(600, s.General.Id), s.Moderator.AccessToken);
        var communityProblem = await ChatalotApi.ProblemAsync(overCommunity, HttpStatusCode.RequestEntityTooLarge, ErrorCodes.QuotaExceeded);
        Assert.Contains("community", communityProblem.Detail, StringComparison.Ordinal);
        await UploadApi.CreateAsync(api, s.Moderator.AccessToken, 600); // a DM-bound upload counts against the user only

        using var download = await UploadApi.DownloadAsync(api, s.Member.AccessToken, first.Id);
        Assert.Equal(kept, await download.Content.ReadAsByteArrayAsync());
        await api.ExpectProblemAsync(api.SendAsync(HttpMethod.Post, "/uploads", new CreateUploadRequest(100, s.General.Id), s.Outsider.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);
    }

    [Fact]
    public async Task Sweeper_DeletesUnreferencedUploadsAfterTheGracePeriod_AndKeepsReferencedOnes()
    {
        // The server's clock is fake: the grace period is 10 minutes (shorter than an access token's life), and the
        // uploads are swept once before it passes (nothing goes) and once after (the orphans go).
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await ChatalotTestServer.StartAsync(fixture.Provider, o => o with
        {
            Attachments = o.Attachments with { OrphanGracePeriod = TimeSpan.FromMinutes(10), Store = fixture.Store },
        }, time: time);
        using var api = server.CreateApi();
        await api.RegisterAsync();
        var s = await GatewayConformanceTests.ScenarioWithDevicesAsync(api);
        var orphan = await UploadApi.UploadAsync(api, s.Member.AccessToken, Bytes(100), s.General.Id);
        var incomplete = await UploadApi.CreateAsync(api, s.Member.AccessToken, 100);
        var referenced = await UploadApi.UploadAsync(api, s.Member.AccessToken, Bytes(100), s.General.Id);
        await api.ExpectAsync<Message>(await api.SendAsync(HttpMethod.Post, $"/channels/{s.General.Id}/messages",
            MessageConformanceTests.Channel("keep") with { AttachmentIds = [referenced.Id] }, s.Member.AccessToken), HttpStatusCode.Created);

        var sweeper = server.Services.GetRequiredService<AttachmentSweeper>();
        Assert.Equal(0, await sweeper.SweepOnceAsync(CancellationToken.None)); // within the grace period: an orphan stays
        Assert.Equal(100, (await UploadApi.GetAsync(api, s.Member.AccessToken, orphan.Id)).Offset);

        time.Advance(TimeSpan.FromMinutes(11));
        Assert.True(await sweeper.SweepOnceAsync(CancellationToken.None) >= 2);
        await api.ExpectProblemAsync(api.SendAsync(HttpMethod.Get, $"/uploads/{orphan.Id}", s.Member.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await api.ExpectProblemAsync(api.SendAsync(HttpMethod.Get, $"/uploads/{incomplete.Id}", s.Member.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        var blobs = server.Services.GetRequiredService<IChatalotBlobStore>();
        Assert.Equal(0, await blobs.GetLengthAsync(orphan.Id, default));
        Assert.Equal(100, await blobs.GetLengthAsync(referenced.Id, default));
        using var kept = await UploadApi.DownloadAsync(api, s.Admin.AccessToken, referenced.Id);
        Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
        Assert.Equal(0, await sweeper.SweepOnceAsync(CancellationToken.None)); // idempotent
    }

    /// <summary>Sends the first <c>split</c> bytes, then waits for <c>release</c> before the rest.</summary>
    private sealed class HeldContent(byte[] data, int split, Task release) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(data.AsMemory(0, split));
            await stream.FlushAsync();
            await release;
            await stream.WriteAsync(data.AsMemory(split));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = data.Length;
            return true;
        }
    }

    /// <summary>A body without a Content-Length (chunked transfer encoding).</summary>
    private sealed class ChunkedContent(byte[] data) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(data).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}

public sealed class AttachmentSqliteTests(SqliteServerFixture fixture) : AttachmentConformanceTests(fixture), IClassFixture<SqliteServerFixture>;

public sealed class AttachmentPostgresTests(PostgresServerFixture fixture) : AttachmentConformanceTests(fixture), IClassFixture<PostgresServerFixture>;

public sealed class AttachmentPostgresBlobTests(PostgresBlobServerFixture fixture) : AttachmentConformanceTests(fixture), IClassFixture<PostgresBlobServerFixture>;
