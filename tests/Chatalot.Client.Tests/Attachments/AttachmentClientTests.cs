using Chatalot.Client.Attachments;
using Chatalot.Crypto;
using Chatalot.Protocol.Content;
using Chatalot.Protocol.Errors;

namespace Chatalot.Client.Tests.Attachments;

/// <summary>
/// The upload and download engine against the upload routes in memory: chunking around the chunk size, progress,
/// validation before anything is sent, resuming after a dropped connection, cancellation, and downloads that refuse
/// anything that does not verify.
/// </summary>
public sealed class AttachmentClientTests : IDisposable
{
    private const int Chunk = 64 * 1024;
    private static readonly AttachmentOptions Options = new() { UploadChunkSize = Chunk, RetryDelay = TimeSpan.Zero, MaxRetryDelay = TimeSpan.Zero, MaxRetries = 3 };
    private readonly InMemoryUploadServer _server = new();
    private readonly Chatalot.Client.Rest.ChatalotRestClient _rest;
    private readonly AttachmentClient _attachments;

    public AttachmentClientTests()
    {
        _rest = _server.CreateClient();
        _attachments = new AttachmentClient(_rest, Options);
    }

    public void Dispose()
    {
        _rest.Dispose();
        _server.Dispose();
    }

    /// <summary>Ciphertext lengths around the PATCH chunk size (an empty file is 30 bytes of ciphertext, crypto.md §8).</summary>
    public static TheoryData<long> CiphertextLengths => new() { 30, 31, Chunk - 1, Chunk, Chunk + 1, (3 * Chunk) + 7 };

    [Theory]
    [MemberData(nameof(CiphertextLengths))]
    public async Task Upload_ThenOpen_GivesTheExactBytes_InChunksOfAtMostTheChunkSize(long ciphertextLength)
    {
        var plaintext = Random(PlaintextFor(ciphertextLength));

        var reference = await _attachments.UploadAsync(new MemoryStream(plaintext), new AttachmentUpload("f.bin", "application/octet-stream"));

        Assert.Equal(ciphertextLength, _server.Stored(reference.Id).Length);
        Assert.Equal((int)((ciphertextLength + Chunk - 1) / Chunk), _server.PatchSizes.Count);
        Assert.All(_server.PatchSizes, size => Assert.InRange(size, 1, Chunk));
        Assert.Equal(plaintext.Length, reference.Size);
        Assert.Equal(plaintext, await ReadAllAsync(reference));
    }

    [Fact]
    public async Task Upload_CopiesTheGivenDetailsIntoTheReference()
    {
        var thumbnail = new AttachmentThumbnail([1, 2, 3], "image/webp", 4, 3);
        var reference = await _attachments.UploadAsync(new MemoryStream(Random(10)), new AttachmentUpload("cat.gif", "image/gif") { Thumbnail = thumbnail, Width = 640, Height = 480, DurationMs = 1500, Gif = true });

        Assert.Equal(("cat.gif", "image/gif", 640, 480, 1500L, true), (reference.Name, reference.MediaType, reference.Width, reference.Height, reference.DurationMs, reference.Gif));
        Assert.Same(thumbnail, reference.Thumbnail);
        Assert.Equal(32, reference.Key.Length);
        Assert.DoesNotContain(Convert.ToHexString(reference.Key), reference.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Upload_ReportsAcknowledgedBytesPerChunk_EndingAtTheTotal()
    {
        var plaintext = Random((3 * Chunk) + 100);
        var reports = new List<TransferProgress>();
        var progress = new SynchronousProgress(reports);

        await _attachments.UploadAsync(new MemoryStream(plaintext), new AttachmentUpload("f", "application/octet-stream") { Progress = progress });

        var total = AttachmentCipher.GetCiphertextLength(plaintext.Length);
        Assert.Equal(_server.PatchSizes.Count, reports.Count);
        Assert.Equal(new TransferProgress(total, total), reports[^1]);
        Assert.Equal(reports.Select(r => r.BytesTransferred).Order(), reports.Select(r => r.BytesTransferred));
    }

    [Theory]
    [InlineData("", "image/png")]
    [InlineData("a", "Image/PNG")]
    [InlineData("a", "image/png; charset=x")]
    [InlineData("a", "png")]
    public async Task Upload_InvalidNameOrMediaType_IsRefusedBeforeAnythingIsSent(string name, string mediaType)
    {
        var error = await Assert.ThrowsAsync<ChatalotClientException>(() => _attachments.UploadAsync(new MemoryStream([1]), new AttachmentUpload(name, mediaType)));

        Assert.Equal(ClientErrorCodes.InvalidContent, error.Code);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Upload_NameTooLong_OrBadThumbnail_IsRefusedBeforeAnythingIsSent()
    {
        var longName = await Assert.ThrowsAsync<ChatalotClientException>(() => _attachments.UploadAsync(new MemoryStream([1]), new AttachmentUpload(new string('a', 256), "text/plain")));
        var thumbnail = await Assert.ThrowsAsync<ChatalotClientException>(() => _attachments.UploadAsync(new MemoryStream([1]), new AttachmentUpload("a", "text/plain") { Thumbnail = new AttachmentThumbnail(new byte[(16 * 1024) + 1], "image/webp", 1, 1) }));

        Assert.Equal((ClientErrorCodes.InvalidContent, ClientErrorCodes.InvalidContent), (longName.Code, thumbnail.Code));
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Upload_UnseekableStreamWithoutLength_IsAnArgumentError_BeforeAnythingIsSent()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _attachments.UploadAsync(new UnseekableStream(new byte[10]), new AttachmentUpload("a", "text/plain")));

        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Upload_UnseekableStreamWithItsLength_RoundTrips()
    {
        var plaintext = Random((2 * Chunk) + 3);

        var reference = await _attachments.UploadAsync(new UnseekableStream(plaintext), new AttachmentUpload("a", "text/plain") { Length = plaintext.Length });

        Assert.Equal(plaintext, await ReadAllAsync(reference));
    }

    [Theory]
    [InlineData(50, 100)]
    [InlineData(150, 100)]
    public async Task Upload_StreamHoldingADifferentLengthThanDeclared_FailsTyped_AndDeletesTheUpload(int actual, int declared)
    {
        var error = await Assert.ThrowsAsync<ChatalotClientException>(() => _attachments.UploadAsync(new UnseekableStream(Random(actual)), new AttachmentUpload("a", "text/plain") { Length = declared }));

        Assert.Equal(ClientErrorCodes.AttachmentLengthMismatch, error.Code);
        Assert.Contains(_server.Requests, r => r.StartsWith("DELETE uploads/", StringComparison.Ordinal));
        Assert.DoesNotContain(_server.Requests, r => r.EndsWith("/complete", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Upload_LargerThanTheServerTakes_IsRefusedBeforeAByteIsUploaded()
    {
        _server.MaxAttachmentBytes = 1000;

        var error = await Assert.ThrowsAsync<ChatalotClientException>(() => _attachments.UploadAsync(new MemoryStream(new byte[1000]), new AttachmentUpload("a", "text/plain")));

        Assert.Equal(ErrorCodes.AttachmentTooLarge, error.Code);
        Assert.Equal(["GET users/me/storage"], _server.Requests);
    }

    [Fact]
    public async Task Upload_ConnectionDroppedMidChunk_ResumesFromTheServersOffset_WithoutResendingWhatArrived()
    {
        var plaintext = Random(3 * Chunk);
        _server.CutPatch = (2, 1000);

        var reference = await _attachments.UploadAsync(new MemoryStream(plaintext), new AttachmentUpload("f", "application/octet-stream"));

        Assert.Equal(plaintext, await ReadAllAsync(reference));
        var requests = _server.Requests.ToList();
        var cut = requests.FindIndex(r => r == $"PATCH uploads/{reference.Id:D} {Chunk}");
        Assert.Equal($"GET uploads/{reference.Id:D}", requests[cut + 1]);
        Assert.Equal($"PATCH uploads/{reference.Id:D} {Chunk + 1000}", requests[cut + 2]);
        Assert.Equal(Chunk - 1000, _server.PatchSizes.ElementAt(2));
    }

    [Fact]
    public async Task Upload_WithChunkChecksums_ResendsACutChunkWhole()
    {
        var attachments = new AttachmentClient(_rest, Options with { SendChunkChecksums = true });
        var plaintext = Random(2 * Chunk);
        _server.CutPatch = (1, 1000);

        var reference = await attachments.UploadAsync(new MemoryStream(plaintext), new AttachmentUpload("f", "application/octet-stream"));

        Assert.Equal(plaintext, await ReadAllAsync(reference));
        Assert.Equal(2, _server.Requests.Count(r => r == $"PATCH uploads/{reference.Id:D} 0"));
    }

    [Fact]
    public async Task Upload_ServerUnreachablePastTheRetries_FailsTyped_AndDeletesTheUpload()
    {
        _server.FailEveryPatch = true;

        var error = await Assert.ThrowsAsync<ChatalotClientException>(() => _attachments.UploadAsync(new MemoryStream(Random(10)), new AttachmentUpload("f", "text/plain")));

        Assert.Equal(ClientErrorCodes.TransferFailed, error.Code);
        Assert.Equal(Options.MaxRetries + 1, _server.PatchSizes.Count);
        Assert.Contains(_server.Requests, r => r.StartsWith("DELETE uploads/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Upload_Cancelled_ThrowsOperationCanceled_AndDeletesTheUpload()
    {
        using var cancel = new CancellationTokenSource();
        _server.AfterPatch = n => cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _attachments.UploadAsync(new MemoryStream(Random(5 * Chunk)), new AttachmentUpload("f", "text/plain"), cancel.Token));

        var created = Assert.Single(_server.Requests, r => r.StartsWith("PATCH", StringComparison.Ordinal) && r.EndsWith(" 0", StringComparison.Ordinal));
        var id = Guid.Parse(created.Split(' ')[1]["uploads/".Length..]);
        Assert.False(_server.Exists(id));
        Assert.True(_server.PatchSizes.Count < 5);
    }

    [Fact]
    public async Task Open_DroppedDownload_ResumesWithRangeFromTheByteReached()
    {
        var plaintext = Random((2 * Chunk) + 17);
        var reference = await _attachments.UploadAsync(new MemoryStream(plaintext), new AttachmentUpload("f", "text/plain"));
        _server.CutDownloadAfter = 5000;

        Assert.Equal(plaintext, await ReadAllAsync(reference));
        Assert.Contains($"GET attachments/{reference.Id:D} bytes=5000-", _server.Requests);
    }

    public static TheoryData<string> Corruptions => new() { "flipped byte", "truncated", "extended", "wrong digest", "wrong length", "wrong key" };

    [Theory]
    [MemberData(nameof(Corruptions))]
    public async Task Open_AnythingThatDoesNotVerify_ThrowsAttachmentIntegrity_NeverEndsCleanly(string corruption)
    {
        var plaintext = Random((3 * Chunk) + 5);
        var reference = await _attachments.UploadAsync(new MemoryStream(plaintext), new AttachmentUpload("f", "text/plain"));
        switch (corruption)
        {
            case "flipped byte":
                _server.Tamper(reference.Id, d => { d[^40] ^= 1; return d; });
                break;
            case "truncated":
                _server.Tamper(reference.Id, d => d[..^10]);
                break;
            case "extended":
                _server.Tamper(reference.Id, d => [.. d, 0]);
                break;
            case "wrong digest":
                reference = reference with { Digest = new byte[32] };
                break;
            case "wrong length":
                reference = reference with { Size = reference.Size - 1 };
                break;
            case "wrong key":
                reference = reference with { Key = new byte[32] };
                break;
        }

        var error = await Assert.ThrowsAsync<ChatalotClientException>(() => ReadAllAsync(reference));

        Assert.Equal(ClientErrorCodes.AttachmentIntegrity, error.Code);
    }

    [Fact]
    public async Task Download_WritesTheBytes_AndReportsProgressToTheSize()
    {
        var plaintext = Random(Chunk + 1);
        var reference = await _attachments.UploadAsync(new MemoryStream(plaintext), new AttachmentUpload("f", "text/plain"));
        var reports = new List<TransferProgress>();
        using var destination = new MemoryStream();

        await _attachments.DownloadAsync(reference, destination, new SynchronousProgress(reports));

        Assert.Equal(plaintext, destination.ToArray());
        Assert.Equal(new TransferProgress(plaintext.Length, plaintext.Length), reports[^1]);
    }

    [Fact]
    public async Task Open_UnknownAttachment_IsNotFound_AtOpen()
    {
        var reference = new AttachmentRef(Guid.NewGuid(), new byte[32], new byte[32], 1, "text/plain", "f");

        var error = await Assert.ThrowsAsync<ChatalotApiException>(() => _attachments.OpenAsync(reference));

        Assert.Equal(ErrorCodes.NotFound, error.Code);
    }

    [Fact]
    public async Task AppendUpload_AtTheWrongOffset_ExposesTheServersOffset()
    {
        var upload = await _rest.CreateUploadAsync(new Protocol.Attachments.CreateUploadRequest(100));
        await _rest.AppendUploadAsync(upload.Id, 0, new byte[40]);

        var error = await Assert.ThrowsAsync<ChatalotApiException>(() => _rest.AppendUploadAsync(upload.Id, 10, new byte[10]));

        Assert.Equal((ErrorCodes.OffsetMismatch, 40L), (error.Code, error.UploadOffset));
    }

    private async Task<byte[]> ReadAllAsync(AttachmentRef reference)
    {
        await using var plaintext = await _attachments.OpenAsync(reference);
        using var copy = new MemoryStream();
        await plaintext.CopyToAsync(copy);
        return copy.ToArray();
    }

    /// <summary>The plaintext length whose ciphertext (64 KiB cipher chunks) is exactly <paramref name="ciphertextLength"/>.</summary>
    private static int PlaintextFor(long ciphertextLength)
    {
        var plaintext = ciphertextLength - 30;
        while (AttachmentCipher.GetCiphertextLength(plaintext) > ciphertextLength)
        {
            plaintext--;
        }

        Assert.Equal(ciphertextLength, AttachmentCipher.GetCiphertextLength(plaintext));
        return (int)plaintext;
    }

    private static byte[] Random(int length)
    {
        var bytes = new byte[length];
        System.Random.Shared.NextBytes(bytes);
        return bytes;
    }

    private sealed class SynchronousProgress(List<TransferProgress> reports) : IProgress<TransferProgress>
    {
        public void Report(TransferProgress value)
        {
            lock (reports)
            {
                reports.Add(value);
            }
        }
    }

    /// <summary>A network-like stream: no length, no seeking, short reads.</summary>
    private sealed class UnseekableStream(byte[] data) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = Math.Min(Math.Min(count, 1000), data.Length - _position);
            data.AsSpan(_position, read).CopyTo(buffer.AsSpan(offset));
            _position += read;
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
