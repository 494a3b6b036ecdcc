using System.Globalization;
using Chatalot.Protocol;
using Chatalot.Protocol.Attachments;
using Chatalot.Protocol.Errors;
using Chatalot.Server.Hosting.Accounts.Internal;
using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Errors;
using Chatalot.Server.Hosting.Errors.Internal;
using Chatalot.Server.Hosting.Operations.Internal;
using Chatalot.Server.Hosting.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace Chatalot.Server.Hosting.Attachments.Internal;

/// <summary>Routes of encrypted uploads and downloads (docs/protocol/rest.md §Attachments).</summary>
internal static class AttachmentEndpoints
{
    /// <summary>
    /// Maps the routes. <paramref name="streaming"/> is the API group without the body-buffering race filter: a
    /// <c>PATCH</c> body streams straight to the blob store and is never rerun.
    /// </summary>
    public static void Map(RouteGroupBuilder api, RouteGroupBuilder streaming)
    {
        var uploads = api.MapGroup("/uploads").WithTags("Attachments");
        uploads.MapPost("", async (Caller caller, HttpContext http, AttachmentService s) =>
        {
            var upload = await s.CreateAsync(caller, await WireJson.ReadAsync<CreateUploadRequest>(http).ConfigureAwait(false), http.RequestAborted).ConfigureAwait(false);
            http.Response.Headers.Location = $"{ProtocolVersion.ApiPrefix}/uploads/{upload.Id}";
            return WireJson.Created(upload);
        }).AcceptsJson<CreateUploadRequest>().Produces<Upload>(201).Errors(403, 404, 413, 422);
        uploads.MapGet("/{uploadId}", async (Caller caller, Guid uploadId, HttpContext http, AttachmentService s) =>
        {
            var upload = await s.GetAsync(caller, uploadId, http.RequestAborted).ConfigureAwait(false);
            http.Response.Headers.CacheControl = "no-store";
            return WireJson.Ok(upload);
        }).Produces<Upload>().Errors(404);
        uploads.MapPost("/{uploadId}/complete", async (Caller caller, Guid uploadId, HttpContext http, AttachmentService s) =>
            WireJson.Ok(await s.CompleteAsync(caller, uploadId, await WireJson.ReadAsync<CompleteUploadRequest>(http).ConfigureAwait(false), http.RequestAborted).ConfigureAwait(false)))
            .AcceptsJson<CompleteUploadRequest>().Produces<Upload>().Errors(404, 422);
        uploads.MapDelete("/{uploadId}", async (Caller caller, Guid uploadId, AttachmentService s, CancellationToken ct) =>
        {
            await s.DeleteAsync(caller, uploadId, ct).ConfigureAwait(false);
            return TypedResults.NoContent();
        }).Produces(204).Errors(404);

        streaming.MapPatch("/uploads/{uploadId}", AppendAsync).WithTags("Attachments").Produces(204).Errors(404, 413, 415, 422);

        api.MapGet("/attachments/{attachmentId}", DownloadAsync).WithTags("Attachments").Produces(200).Produces(206).Errors(404, 416);
        api.MapGet("/users/me/storage", async (Caller caller, AttachmentService s, CancellationToken ct) =>
            WireJson.Ok(await s.UsageAsync(caller, ct).ConfigureAwait(false))).Produces<StorageUsage>().WithTags("Attachments");
    }

    private static async Task<IResult> AppendAsync(Caller caller, Guid uploadId, HttpContext http, AttachmentService s)
    {
        var request = http.Request;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType) ||
            !string.Equals(mediaType.MediaType.Value, UploadHeaders.ChunkContentType, StringComparison.OrdinalIgnoreCase))
        {
            throw new ChatalotServerException(ErrorCodes.MalformedRequest, 415, $"The body must be {UploadHeaders.ChunkContentType}.");
        }

        if (!long.TryParse(request.Headers[UploadHeaders.Offset], NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
        {
            throw new ChatalotServerException(ErrorCodes.MalformedRequest, 400, $"The {UploadHeaders.Offset} header (a byte offset) is required.");
        }

        var checksum = ParseChecksum(request.Headers[UploadHeaders.Checksum]);
        if (request.ContentLength > AttachmentLimits.ChunkMaxBytes)
        {
            throw Fail.TooLarge($"A chunk holds at most {AttachmentLimits.ChunkMaxBytes} bytes.");
        }

        // This route alone reads past the JSON cap; one byte more than a chunk so the chunk limit is ours to report.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = AttachmentLimits.ChunkMaxBytes + 1L;
        }

        try
        {
            var length = await s.AppendAsync(caller, uploadId, offset, checksum, request.Body, request.ContentLength, http.RequestAborted).ConfigureAwait(false);
            http.Response.Headers[UploadHeaders.Offset] = length.ToString(CultureInfo.InvariantCulture);
            return TypedResults.NoContent();
        }
        catch (OffsetMismatchException ex)
        {
            // The problem writer clears the response first; the header goes on just before it is sent.
            var server = ex.ServerOffset.ToString(CultureInfo.InvariantCulture);
            http.Response.OnStarting(() =>
            {
                http.Response.Headers[UploadHeaders.Offset] = server;
                return Task.CompletedTask;
            });
            throw;
        }
    }

    private static byte[]? ParseChecksum(string? header)
    {
        if (string.IsNullOrEmpty(header))
        {
            return null;
        }

        var parts = header.Split(' ', 2, StringSplitOptions.TrimEntries);
        var digest = new byte[32];
        if (parts.Length != 2 || !string.Equals(parts[0], UploadHeaders.ChecksumAlgorithm, StringComparison.OrdinalIgnoreCase) ||
            !Convert.TryFromBase64String(parts[1], digest, out var written) || written != 32)
        {
            throw new ChatalotServerException(ErrorCodes.MalformedRequest, 400, $"{UploadHeaders.Checksum} must be '{UploadHeaders.ChecksumAlgorithm} <base64 of 32 bytes>'.");
        }

        return digest;
    }

    private static async Task DownloadAsync(Caller caller, Guid attachmentId, HttpContext http, AttachmentService s, IChatalotBlobStore store)
    {
        var row = await s.ReadableAsync(caller, attachmentId, http.RequestAborted).ConfigureAwait(false);
        var response = http.Response;
        var headers = response.Headers;
        headers.ContentType = "application/octet-stream";
        headers.ContentDisposition = "attachment";
        headers.XContentTypeOptions = "nosniff";
        headers.AcceptRanges = "bytes";
        headers.ETag = $"\"{Convert.ToHexStringLower(row.Digest!)}\"";
        headers.CacheControl = "private, max-age=31536000, immutable";

        long start = 0, length = row.Length;
        if (RangeHeaderValue.TryParse(http.Request.Headers.Range.ToString(), out var range) &&
            string.Equals(range.Unit.Value, "bytes", StringComparison.OrdinalIgnoreCase) && range.Ranges.Count == 1)
        {
            var r = range.Ranges.First();
            if (r.From is { } from)
            {
                start = from;
                var last = Math.Min(r.To ?? (row.Length - 1), row.Length - 1);
                length = last - from + 1;
            }
            else if (r.To is { } suffix)
            {
                length = Math.Min(suffix, row.Length);
                start = row.Length - length;
            }

            if (start >= row.Length || length <= 0)
            {
                headers.ContentRange = $"bytes */{row.Length}";
                var server = row.Length;
                response.OnStarting(() =>
                {
                    response.Headers.ContentRange = $"bytes */{server}";
                    return Task.CompletedTask;
                });
                throw Fail.Code(ErrorCodes.ValidationFailed, 416, $"The range is outside the attachment's {row.Length} bytes.");
            }

            response.StatusCode = StatusCodes.Status206PartialContent;
            headers.ContentRange = $"bytes {start}-{start + length - 1}/{row.Length}";
        }

        response.ContentLength = length;
        await store.ReadAsync(row.Id, start, length, response.Body, http.RequestAborted).ConfigureAwait(false);
    }
}
