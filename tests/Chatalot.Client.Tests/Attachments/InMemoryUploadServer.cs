using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Chatalot.Client.Rest;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Attachments;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Serialization;

namespace Chatalot.Client.Tests.Attachments;

/// <summary>
/// The upload routes of rest.md §Attachments in memory, behind a real <see cref="HttpClient"/>, with faults to arm: a
/// PATCH whose connection drops after some bytes (the bytes that arrived are kept, as the server does), a download that
/// drops after some bytes, a PATCH that always fails. Records every request.
/// </summary>
internal sealed class InMemoryUploadServer : HttpMessageHandler
{
    private readonly ConcurrentDictionary<Guid, Entry> _uploads = new();

    public long MaxAttachmentBytes { get; set; } = AttachmentLimits.DefaultMaxAttachmentBytes;

    /// <summary>Every request as "METHOD path [Upload-Offset|Range]".</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>PATCH body sizes, in order.</summary>
    public ConcurrentQueue<int> PatchSizes { get; } = new();

    /// <summary>Drops the connection of the PATCH with this (1-based) number after the given bytes of its body arrived.</summary>
    public (int Patch, int After)? CutPatch { get; set; }

    /// <summary>Every PATCH fails as if the server could not be reached (nothing is kept).</summary>
    public bool FailEveryPatch { get; set; }

    /// <summary>The next download's body breaks after this many bytes.</summary>
    public int? CutDownloadAfter { get; set; }

    /// <summary>Called after each accepted PATCH (to cancel mid-upload, say).</summary>
    public Action<int>? AfterPatch { get; set; }

    private int _patches;

    public ChatalotRestClient CreateClient()
    {
        var rest = new ChatalotRestClient(new HttpClient(this, disposeHandler: false), new Uri("http://uploads.invalid/"));
        var now = DateTimeOffset.UtcNow;
        rest.UseSession(new AuthResponse("access", now.AddHours(1), "refresh", now.AddDays(1), Guid.NewGuid(), new User(Guid.NewGuid(), "u", "u", InstanceRole.User, now)));
        return rest;
    }

    public byte[] Stored(Guid id) => _uploads[id].Data.ToArray();

    public bool Exists(Guid id) => _uploads.ContainsKey(id);

    /// <summary>Replaces what a download of <paramref name="id"/> returns (to corrupt or truncate it).</summary>
    public void Tamper(Guid id, Func<byte[], byte[]> change)
    {
        var entry = _uploads[id];
        var changed = change(entry.Data.ToArray());
        entry.Data.SetLength(0);
        entry.Data.Write(changed);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath["/api/v1/".Length..];
        var parts = path.Split('/');
        var offsetHeader = request.Headers.TryGetValues(UploadHeaders.Offset, out var values) ? values.Single() : null;
        Requests.Enqueue($"{request.Method} {path} {offsetHeader ?? request.Headers.Range?.ToString()}".TrimEnd());
        return (request.Method.Method, parts) switch
        {
            ("GET", ["users", "me", "storage"]) => Json(HttpStatusCode.OK, new StorageUsage(_uploads.Values.Sum(u => u.Length), null, MaxAttachmentBytes)),
            ("POST", ["uploads"]) => Create(await Read<CreateUploadRequest>(request, cancellationToken)),
            ("PATCH", ["uploads", var id]) => await PatchAsync(Guid.Parse(id), request, offsetHeader, cancellationToken),
            ("GET", ["uploads", var id]) => _uploads.TryGetValue(Guid.Parse(id), out var entry) ? Json(HttpStatusCode.OK, entry.ToUpload()) : Problem(HttpStatusCode.NotFound, ErrorCodes.NotFound),
            ("DELETE", ["uploads", var id]) => _uploads.TryRemove(Guid.Parse(id), out _) ? new HttpResponseMessage(HttpStatusCode.NoContent) : Problem(HttpStatusCode.NotFound, ErrorCodes.NotFound),
            ("POST", ["uploads", var id, "complete"]) => Complete(Guid.Parse(id), await Read<CompleteUploadRequest>(request, cancellationToken)),
            ("GET", ["attachments", var id]) => Download(Guid.Parse(id), request.Headers.Range),
            _ => Problem(HttpStatusCode.NotFound, ErrorCodes.NotFound),
        };
    }

    private HttpResponseMessage Create(CreateUploadRequest create)
    {
        if (create.Length > MaxAttachmentBytes)
        {
            return Problem(HttpStatusCode.RequestEntityTooLarge, ErrorCodes.AttachmentTooLarge);
        }

        var entry = new Entry(Guid.NewGuid(), create.Length);
        _uploads[entry.Id] = entry;
        return Json(HttpStatusCode.Created, entry.ToUpload());
    }

    private async Task<HttpResponseMessage> PatchAsync(Guid id, HttpRequestMessage request, string? offsetHeader, CancellationToken cancellationToken)
    {
        var number = Interlocked.Increment(ref _patches);
        if (!_uploads.TryGetValue(id, out var entry))
        {
            return Problem(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        }

        var body = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
        PatchSizes.Enqueue(body.Length);
        if (FailEveryPatch)
        {
            throw new HttpRequestException("connection refused (test)");
        }

        if (long.Parse(offsetHeader!, CultureInfo.InvariantCulture) != entry.Data.Length)
        {
            var mismatch = Problem(HttpStatusCode.Conflict, ErrorCodes.OffsetMismatch);
            mismatch.Headers.Add(UploadHeaders.Offset, entry.Data.Length.ToString(CultureInfo.InvariantCulture));
            return mismatch;
        }

        if (request.Headers.TryGetValues(UploadHeaders.Checksum, out var sums)
            && sums.Single() != "sha256 " + Convert.ToBase64String(SHA256.HashData(body)))
        {
            return Problem(HttpStatusCode.UnprocessableEntity, ErrorCodes.ChecksumMismatch);
        }

        if (CutPatch is { } cut && cut.Patch == number)
        {
            // The connection drops mid-body: the bytes that arrived are kept, as the real server does without a checksum.
            if (!request.Headers.Contains(UploadHeaders.Checksum))
            {
                entry.Data.Write(body.AsSpan(0, Math.Min(cut.After, body.Length)));
            }

            throw new HttpRequestException("The connection was reset (test).", new IOException("reset"));
        }

        if (entry.Data.Length + body.Length > entry.Length)
        {
            return Problem(HttpStatusCode.RequestEntityTooLarge, ErrorCodes.PayloadTooLarge);
        }

        entry.Data.Write(body);
        AfterPatch?.Invoke(number);
        var response = new HttpResponseMessage(HttpStatusCode.NoContent);
        response.Headers.Add(UploadHeaders.Offset, entry.Data.Length.ToString(CultureInfo.InvariantCulture));
        return response;
    }

    private HttpResponseMessage Complete(Guid id, CompleteUploadRequest complete)
    {
        if (!_uploads.TryGetValue(id, out var entry))
        {
            return Problem(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        }

        if (entry.Data.Length != entry.Length)
        {
            return Problem(HttpStatusCode.Conflict, ErrorCodes.UploadIncomplete);
        }

        if (!SHA256.HashData(entry.Data.ToArray()).AsSpan().SequenceEqual(complete.Digest))
        {
            return Problem(HttpStatusCode.UnprocessableEntity, ErrorCodes.DigestMismatch);
        }

        entry.Completed = true;
        return Json(HttpStatusCode.OK, entry.ToUpload());
    }

    private HttpResponseMessage Download(Guid id, RangeHeaderValue? range)
    {
        if (!_uploads.TryGetValue(id, out var entry) || !entry.Completed)
        {
            return Problem(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        }

        var data = entry.Data.ToArray();
        var from = range?.Ranges.Single().From ?? 0;
        var body = data.AsMemory((int)from);
        Stream stream = new MemoryStream(body.ToArray());
        if (CutDownloadAfter is { } after)
        {
            CutDownloadAfter = null;
            stream = new BreakingStream(stream, after);
        }

        var response = new HttpResponseMessage(range is null ? HttpStatusCode.OK : HttpStatusCode.PartialContent) { Content = new StreamContent(stream) };
        response.Content.Headers.ContentLength = body.Length;
        if (range is not null)
        {
            response.Content.Headers.ContentRange = new ContentRangeHeaderValue(from, data.Length - 1, data.Length);
        }

        return response;
    }

    private static async Task<T> Read<T>(HttpRequestMessage request, CancellationToken cancellationToken) =>
        JsonSerializer.Deserialize(await request.Content!.ReadAsByteArrayAsync(cancellationToken), ChatalotJson.GetTypeInfo<T>())!;

    private static HttpResponseMessage Json<T>(HttpStatusCode status, T body) =>
        new(status) { Content = new ByteArrayContent(ChatalotJson.SerializeToUtf8Bytes(body)) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } } };

    private static HttpResponseMessage Problem(HttpStatusCode status, string code) =>
        new(status) { Content = new ByteArrayContent(ChatalotJson.SerializeToUtf8Bytes(new ChatalotProblemDetails(null, code, (int)status, code))) { Headers = { ContentType = new MediaTypeHeaderValue("application/problem+json") } } };

    private sealed class Entry(Guid id, long length)
    {
        public Guid Id { get; } = id;

        public long Length { get; } = length;

        public MemoryStream Data { get; } = new();

        public bool Completed { get; set; }

        public Upload ToUpload() => new(Id, Length, Data.Length, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1), Completed);
    }

    /// <summary>A body whose connection breaks after some bytes.</summary>
    private sealed class BreakingStream(Stream inner, int after) : Stream
    {
        private int _left = after;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_left == 0)
            {
                throw new IOException("The response ended prematurely (test).");
            }

            var read = inner.Read(buffer, offset, Math.Min(count, _left));
            _left -= read;
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
