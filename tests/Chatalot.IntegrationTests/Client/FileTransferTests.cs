using System.Security.Cryptography;
using Chatalot.Client;
using Chatalot.Client.Attachments;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Content;
using Chatalot.Protocol.Errors;
using Chatalot.Server.Hosting;

namespace Chatalot.IntegrationTests.Client;

/// <summary>
/// Files end to end (client.md, "Files"): real clients against the real server on loopback (file-system blob store),
/// sending in a channel and a DM, forwarding, resuming after connections cut for real by a TCP proxy, cancelling,
/// refusing an oversize file before a byte is uploaded, and keeping memory flat for a large file.
/// </summary>
[Collection(FileTransferCollection.Name)]
public abstract class FileTransferTests(ChatalotDatabaseProvider provider) : IAsyncLifetime
{
    private static readonly AttachmentOptions Fast = new() { UploadChunkSize = 256 * 1024, RetryDelay = TimeSpan.FromMilliseconds(10), MaxRetryDelay = TimeSpan.FromMilliseconds(50) };
    private ClientHarness _harness = null!;
    private Party _alice = null!;
    private Party _bob = null!;
    private Space _space = null!;

    public async Task InitializeAsync()
    {
        _harness = await ClientHarness.StartAsync(o => o with { Attachments = o.Attachments with { MaxAttachmentBytes = 256L * 1024 * 1024 } }, provider);
        _alice = await _harness.CreateAsync("alice");
        _bob = await _harness.CreateAsync("bob");
        _space = await ClientHarness.SetUpGroupAsync(_alice, _bob);
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task SendFile_InAChannel_TheReceiverOpensTheExactBytes()
    {
        var file = Random((3 * 256 * 1024) + 11);
        var reports = new List<TransferProgress>();

        var sent = await _alice.Client.SendFileAsync(_space.General, new MemoryStream(file), "report.pdf", "application/pdf", "the report", new InlineProgress(reports));
        var received = await _bob.ReceiveAsync(sent.MessageId);

        var attachment = Assert.Single(received.Content.Attachments!);
        Assert.Equal(("report.pdf", "application/pdf", (long)file.Length, "the report"), (attachment.Name, attachment.MediaType, attachment.Size, received.Text));
        Assert.Equal(file, await ReadAllAsync(_bob.Client.Attachments, attachment));
        Assert.Equal(reports[^1].TotalBytes, reports[^1].BytesTransferred);
        var stored = await _bob.Client.Rest.GetMessageAsync(_space.General, sent.MessageId, CancellationToken.None);
        Assert.Equal([attachment.Id], stored.AttachmentIds);
    }

    [Fact]
    public async Task SendFile_InADm_TheReceiverOpensTheExactBytes_AndDownloadReportsProgress()
    {
        var file = Random(100_000);

        var sent = await _alice.Client.SendFileAsync(_bob.Id, new MemoryStream(file), new AttachmentUpload("cat.png", "image/png") { Width = 10, Height = 20 });
        var received = await _bob.ReceiveAsync(sent.MessageId);

        var attachment = Assert.Single(received.Content.Attachments!);
        Assert.True(received.IsDirect);
        Assert.Equal((10, 20), (attachment.Width, attachment.Height));
        using var destination = new MemoryStream();
        var reports = new List<TransferProgress>();
        await _bob.Client.Attachments.DownloadAsync(attachment, destination, new InlineProgress(reports));
        Assert.Equal(file, destination.ToArray());
        Assert.Equal(new TransferProgress(file.Length, file.Length), reports[^1]);
    }

    [Fact]
    public async Task ForwardedFile_OpensForTheNewReaders()
    {
        // Carol shares the community (so bob may DM her) but not the group: the original's channel is not hers to read.
        var carol = await _harness.CreateAsync("carol");
        var invite = await _alice.Client.Rest.CreateCommunityInviteAsync(_space.Community, cancellationToken: CancellationToken.None);
        await carol.Client.Rest.AcceptInviteAsync(invite.Code, CancellationToken.None);
        await carol.Client.ConnectAsync();
        var file = Random(70_000);
        var sent = await _alice.Client.SendFileAsync(_space.General, new MemoryStream(file), "notes.txt", "text/plain");
        var received = await _bob.ReceiveAsync(sent.MessageId);

        var forward = await _bob.Client.Conversations.ForwardAsync(received.ToRef(), carol.Id);
        var atCarol = await carol.ReceiveAsync(forward.MessageId);

        Assert.NotNull(atCarol.Content.ForwardedFrom);
        Assert.Equal(file, await ReadAllAsync(carol.Client.Attachments, Assert.Single(atCarol.Content.Attachments!)));
    }

    [Fact]
    public async Task AFileLargerThanTheServerTakes_IsRefusedBeforeAByteIsUploaded()
    {
        var max = (await _alice.Client.Attachments.GetStorageUsageAsync()).MaxAttachmentBytes;

        var error = await Assert.ThrowsAsync<ChatalotClientException>(() => _alice.Client.SendFileAsync(_space.General, new SizedStream(max), "big.bin", "application/octet-stream").AsTask());

        Assert.Equal(ErrorCodes.AttachmentTooLarge, error.Code);
        Assert.Equal(0, (await _alice.Client.Attachments.GetStorageUsageAsync()).UsedBytes);
    }

    [Fact]
    public async Task Upload_ConnectionCutMidChunk_Resumes_AndTheReceiverGetsTheExactBytes()
    {
        await using var proxy = new CuttingProxy(_harness.Server.BaseAddress);
        using var viaProxy = await _harness.SignInRestAsync(_alice, proxy.Address);
        var uploads = new AttachmentClient(viaProxy, Fast);
        var file = Random(1024 * 1024);

        // The second chunk's connection drops 100 KB into its body; the server keeps what arrived.
        proxy.CutRequestAfter($"PATCH /api/v1/uploads/", 100_000);
        var reference = await uploads.UploadAsync(new MemoryStream(file), new AttachmentUpload("clip.mp4", "video/mp4"));
        Assert.Equal(1, proxy.Cuts);

        var sent = await _alice.Client.SendAsync(_space.General, MessageContent.CreateText("clip") with { Attachments = [reference] });
        var received = await _bob.ReceiveAsync(sent.MessageId);
        Assert.Equal(file, await ReadAllAsync(_bob.Client.Attachments, Assert.Single(received.Content.Attachments!)));
    }

    [Fact]
    public async Task FilesInAReplyAndInAThread_ArriveWithTheirRelation_AndOpen()
    {
        var root = await _alice.Client.SendAsync(_space.General, "the plan");
        var rootRef = (await _bob.ReceiveAsync(root.MessageId)).ToRef();
        var sketch = Random(40_000);
        var diagram = Random(50_000);
        var first = await _bob.Client.Attachments.UploadAsync(new MemoryStream(sketch), new AttachmentUpload("sketch.png", "image/png") { ChannelId = _space.General });
        var second = await _bob.Client.Attachments.UploadAsync(new MemoryStream(diagram), new AttachmentUpload("diagram.pdf", "application/pdf") { ChannelId = _space.General });

        var reply = await _bob.Client.Conversations.ReplyAsync(_space.General, rootRef, MessageContent.CreateText("like this") with { Attachments = [first] });
        var inThread = await _bob.Client.Conversations.ReplyInThreadAsync(_space.General, rootRef, MessageContent.CreateText(string.Empty) with { Text = null, Attachments = [second] });

        var receivedReply = await _alice.ReceiveAsync(reply.MessageId);
        Assert.Equal((ContentKind.Reply, "like this", false), (receivedReply.Content.Kind, receivedReply.Text, receivedReply.ReplyTo!.InThread));
        Assert.Equal(sketch, await ReadAllAsync(_alice.Client.Attachments, Assert.Single(receivedReply.Content.Attachments!)));
        var receivedInThread = await _alice.ReceiveAsync(inThread.MessageId);
        Assert.True(receivedInThread.ReplyTo!.InThread);
        Assert.Equal(diagram, await ReadAllAsync(_alice.Client.Attachments, Assert.Single(receivedInThread.Content.Attachments!)));
        var stored = await _alice.Client.Rest.GetMessageAsync(_space.General, inThread.MessageId, CancellationToken.None);
        Assert.Equal(root.MessageId.Value, stored.ThreadRootId);
        Assert.Equal([second.Id], stored.AttachmentIds);
    }

    [Fact]
    public async Task Download_ConnectionCutMidBody_ResumesWithRange_AndVerifies()
    {
        var file = Random(1024 * 1024);
        var sent = await _alice.Client.SendFileAsync(_space.General, new MemoryStream(file), "clip.mp4", "video/mp4");
        var attachment = Assert.Single((await _bob.ReceiveAsync(sent.MessageId)).Content.Attachments!);
        await using var proxy = new CuttingProxy(_harness.Server.BaseAddress);
        using var viaProxy = await _harness.SignInRestAsync(_bob, proxy.Address);

        proxy.CutResponseAfter("GET /api/v1/attachments/", 300_000);
        var bytes = await ReadAllAsync(new AttachmentClient(viaProxy, Fast), attachment);

        Assert.Equal(1, proxy.Cuts);
        Assert.Equal(file, bytes);
    }

    [Fact]
    public async Task Download_ConnectionStallsMidBody_IsGivenUpAfterTheStallTimeout_AndResumesWithRange()
    {
        var file = Random(1024 * 1024);
        var sent = await _alice.Client.SendFileAsync(_space.General, new MemoryStream(file), "clip.mp4", "video/mp4");
        var attachment = Assert.Single((await _bob.ReceiveAsync(sent.MessageId)).Content.Attachments!);
        await using var proxy = new CuttingProxy(_harness.Server.BaseAddress);
        using var viaProxy = await _harness.SignInRestAsync(_bob, proxy.Address);

        // Without the stall timeout this read would wait for ever: the stalled connection never closes by itself.
        proxy.StallResponseAfter("GET /api/v1/attachments/", 300_000);
        var bytes = await ReadAllAsync(new AttachmentClient(viaProxy, Fast with { DownloadStallTimeout = TimeSpan.FromSeconds(1) }), attachment);

        Assert.Equal(1, proxy.Stalls);
        Assert.Equal(file, bytes);
    }

    [Fact]
    public async Task Upload_Cancelled_ThrowsOperationCanceled_AndFreesTheServersRoom()
    {
        using var cancel = new CancellationTokenSource();
        var progress = new InlineProgress([], _ => cancel.Cancel());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _alice.Client.SendFileAsync(_space.General, new SizedStream(8L * 1024 * 1024), new AttachmentUpload("big.bin", "application/octet-stream") { Progress = progress }, cancellationToken: cancel.Token).AsTask());

        Assert.Equal(0, (await _alice.Client.Attachments.GetStorageUsageAsync()).UsedBytes);
    }

    [Fact]
    public async Task ALargeFile_UploadsAndDownloads_WithAllocationsFarBelowItsSize()
    {
        const long Size = 128L * 1024 * 1024;

        // 1 MiB chunks: an 8 MiB chunk buffer the shared array pool sometimes hands out anew (returned on another core)
        // would be noise of the same order as what is measured.
        var attachments = new AttachmentClient(_alice.Client.Rest, new AttachmentOptions { UploadChunkSize = 1024 * 1024 });

        // Warm up (JIT, pools, connections) so the measurement sees the steady state.
        // A warm-up larger than a chunk also fills the array pool with chunk-sized buffers.
        await attachments.UploadAsync(new SizedStream(4L * 1024 * 1024), new AttachmentUpload("warm.bin", "application/octet-stream"));
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var reference = await attachments.UploadAsync(new SizedStream(Size), new AttachmentUpload("big.bin", "application/octet-stream"));
        var uploaded = GC.GetTotalAllocatedBytes(precise: true) - before;

        var sent = await _alice.Client.SendAsync(_space.General, MessageContent.CreateText("big") with { Attachments = [reference] });
        var attachment = Assert.Single((await _bob.ReceiveAsync(sent.MessageId)).Content.Attachments!);
        before = GC.GetTotalAllocatedBytes(precise: true);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using (var plaintext = await _bob.Client.Attachments.OpenAsync(attachment))
        {
            var buffer = new byte[81920];
            int read;
            while ((read = await plaintext.ReadAsync(buffer)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }
        }

        var downloaded = GC.GetTotalAllocatedBytes(precise: true) - before;

        // Client and server share this process, so both sides' allocations count; neither may buffer the file. What remains
        // is constant, not proportional (an 8 MiB chunk buffer the array pool sometimes hands out anew, per-request objects).
        Assert.True(uploaded < Size / 8, $"The upload allocated {uploaded:N0} bytes for a {Size:N0}-byte file.");
        Assert.True(downloaded < Size / 8, $"The download allocated {downloaded:N0} bytes for a {Size:N0}-byte file.");
        Assert.Equal(SizedStream.Sha256(Size), hash.GetHashAndReset());
    }

    private static async Task<byte[]> ReadAllAsync(AttachmentClient attachments, AttachmentRef attachment)
    {
        await using var plaintext = await attachments.OpenAsync(attachment);
        using var copy = new MemoryStream();
        await plaintext.CopyToAsync(copy);
        return copy.ToArray();
    }

    private static byte[] Random(int length) => RandomNumberGenerator.GetBytes(length);

    /// <summary>Progress reported on the reporting thread (no synchronization context), optionally acting on it.</summary>
    private sealed class InlineProgress(List<TransferProgress> reports, Action<TransferProgress>? then = null) : IProgress<TransferProgress>
    {
        public void Report(TransferProgress value)
        {
            lock (reports)
            {
                reports.Add(value);
            }

            then?.Invoke(value);
        }
    }
}

/// <summary>Files end to end on SQLite.</summary>
public sealed class FileTransferSqliteTests() : FileTransferTests(ChatalotDatabaseProvider.Sqlite);

/// <summary>Files end to end on PostgreSQL.</summary>
public sealed class FileTransferPostgresTests() : FileTransferTests(ChatalotDatabaseProvider.PostgreSql);

/// <summary>
/// Run alone, after the parallel tests: the memory test reads the process's allocation counter, which any test running
/// beside it would add to.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FileTransferCollection
{
    public const string Name = "File transfer (allocation measurements)";
}
