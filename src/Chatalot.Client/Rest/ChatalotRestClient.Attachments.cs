using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Chatalot.Protocol.Attachments;
using Chatalot.Protocol.Errors;

namespace Chatalot.Client.Rest;

public sealed partial class ChatalotRestClient
{
    /// <summary>
    /// <c>POST /uploads</c>: reserves room for one encrypted file of <see cref="CreateUploadRequest.Length"/> ciphertext
    /// bytes. Most callers use <c>IChatalotClient.Attachments.UploadAsync</c>, which encrypts, chunks and resumes.
    /// </summary>
    /// <param name="request">The exact ciphertext length, and the community channel it is for (omitted for a DM).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The upload (its id is the attachment id), at offset 0.</returns>
    /// <exception cref="ChatalotApiException"><c>attachment_too_large</c>, <c>quota_exceeded</c>, <c>forbidden</c> (may not post in the channel).</exception>
    public Task<Upload> CreateUploadAsync(CreateUploadRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return PostAsync<CreateUploadRequest, Upload>("uploads", request, cancellationToken);
    }

    /// <summary>
    /// <c>PATCH /uploads/{id}</c>: appends <paramref name="body"/> at <paramref name="offset"/>, which must be the
    /// server's offset. Without a checksum, a body cut short by a dropped connection keeps the bytes that arrived: ask
    /// <see cref="GetUploadAsync"/> for the offset and send the rest.
    /// </summary>
    /// <param name="uploadId">The upload.</param>
    /// <param name="offset">Where <paramref name="body"/> starts in the ciphertext.</param>
    /// <param name="body">The bytes, at most <see cref="AttachmentLimits.ChunkMaxBytes"/>.</param>
    /// <param name="sha256">
    /// The SHA-256 of <paramref name="body"/> for <c>Upload-Checksum</c>, or <see langword="null"/>: with it, a body that
    /// arrives altered or incomplete is refused whole (<c>checksum_mismatch</c>).
    /// </param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The server's offset after the append.</returns>
    /// <exception cref="ChatalotApiException">
    /// <c>offset_mismatch</c> (nothing written; <see cref="ChatalotApiException.UploadOffset"/> holds the server's offset),
    /// <c>checksum_mismatch</c>, <c>payload_too_large</c> (past the declared length), <c>not_found</c>.
    /// </exception>
    /// <exception cref="ChatalotConnectionException"><c>server_unreachable</c>: the connection failed or timed out; the server may hold part of the body.</exception>
    public async Task<long> AppendUploadAsync(Guid uploadId, long offset, ReadOnlyMemory<byte> body, byte[]? sha256 = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(body.Length, AttachmentLimits.ChunkMaxBytes, nameof(body));
        using var response = await SendRawAsync(HttpMethod.Patch, $"uploads/{uploadId:D}", request =>
        {
            var content = new ReadOnlyMemoryContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue(UploadHeaders.ChunkContentType);
            request.Content = content;
            request.Headers.Add(UploadHeaders.Offset, offset.ToString(CultureInfo.InvariantCulture));
            if (sha256 is not null)
            {
                request.Headers.Add(UploadHeaders.Checksum, UploadHeaders.ChecksumAlgorithm + " " + Convert.ToBase64String(sha256));
            }
        }, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        return ReadOffset(response) ?? throw new ChatalotClientException(ClientErrorCodes.InvalidResponse, $"The server's answer to PATCH uploads/{uploadId:D} has no {UploadHeaders.Offset}.");
    }

    /// <summary><c>GET /uploads/{id}</c>: the upload's state, whose <see cref="Upload.Offset"/> is where to resume.</summary>
    /// <param name="uploadId">The upload.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The upload.</returns>
    /// <exception cref="ChatalotApiException"><c>not_found</c> (someone else's, expired or deleted).</exception>
    public Task<Upload> GetUploadAsync(Guid uploadId, CancellationToken cancellationToken = default) =>
        GetAsync($"uploads/{uploadId:D}", Info<Upload>(), cancellationToken);

    /// <summary><c>POST /uploads/{id}/complete</c>: closes an upload whose every byte arrived, checking its digest.</summary>
    /// <param name="uploadId">The upload.</param>
    /// <param name="digest">SHA-256 of the whole ciphertext (32 bytes).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The completed upload; messages may now reference it.</returns>
    /// <exception cref="ChatalotApiException"><c>upload_incomplete</c>, <c>digest_mismatch</c>, <c>not_found</c>.</exception>
    public Task<Upload> CompleteUploadAsync(Guid uploadId, byte[] digest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(digest);
        return PostAsync<CompleteUploadRequest, Upload>($"uploads/{uploadId:D}/complete", new CompleteUploadRequest(digest), cancellationToken);
    }

    /// <summary><c>DELETE /uploads/{id}</c>: abandons an upload (or deletes a completed file no message references yet), freeing its room.</summary>
    /// <param name="uploadId">The upload.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when deleted.</returns>
    /// <exception cref="ChatalotApiException"><c>not_found</c>.</exception>
    public Task DeleteUploadAsync(Guid uploadId, CancellationToken cancellationToken = default) =>
        SendNoContentAsync(HttpMethod.Delete, $"uploads/{uploadId:D}", cancellationToken);

    /// <summary>
    /// <c>GET /attachments/{id}</c>: the encrypted file, from <paramref name="offset"/> on (a <c>Range</c> request), as a
    /// stream read as it arrives: nothing is buffered whole. Dispose it to release the connection. The bytes are
    /// ciphertext; <c>IChatalotClient.Attachments.OpenAsync</c> decrypts, verifies and resumes.
    /// </summary>
    /// <param name="attachmentId">The attachment (its <c>AttachmentRef.Id</c>).</param>
    /// <param name="offset">The first byte wanted; 0 for the whole file.</param>
    /// <param name="cancellationToken">Cancels the request and the reads.</param>
    /// <returns>The response body from <paramref name="offset"/>.</returns>
    /// <exception cref="ChatalotApiException"><c>not_found</c> (not completed, or not readable by this user: the server does not say which).</exception>
    /// <exception cref="ChatalotConnectionException"><c>server_unreachable</c>.</exception>
    public async Task<Stream> OpenAttachmentAsync(Guid attachmentId, long offset = 0, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var response = await SendRawAsync(HttpMethod.Get, $"attachments/{attachmentId:D}", request =>
        {
            if (offset > 0)
            {
                request.Headers.Range = new RangeHeaderValue(offset, null);
            }
        }, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        try
        {
            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            if (offset > 0 && response.StatusCode != HttpStatusCode.PartialContent)
            {
                // A server (or proxy) that ignores Range sends the whole file: skip to the offset.
                await SkipAsync(body, offset, cancellationToken).ConfigureAwait(false);
            }

            // Where the file ends, so a reader can tell a cut connection from the end: the total of a 206's
            // Content-Range, else the offset plus the body's length.
            var end = response.Content.Headers.ContentRange?.Length
                ?? (response.Content.Headers.ContentLength is { } length ? (response.StatusCode == HttpStatusCode.PartialContent ? offset : 0) + length : null);
            return new Attachments.Internal.ResponseStream(response, body, end);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary><c>GET /users/me/storage</c>: what this user's uploads hold, the quota, and the largest file the server takes.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The storage usage.</returns>
    /// <exception cref="ChatalotApiException">The server refused the call.</exception>
    public Task<StorageUsage> GetStorageUsageAsync(CancellationToken cancellationToken = default) =>
        GetAsync("users/me/storage", Info<StorageUsage>(), cancellationToken);

    /// <summary>
    /// Sends one authenticated request whose body or answer is not JSON, with the same token refresh and error mapping
    /// as every other call. On success the response is the caller's to dispose.
    /// </summary>
    private async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, Action<HttpRequestMessage> build, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        var session = Volatile.Read(ref _session);
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, new Uri(_apiBase, path));
            build(request);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await GetAccessTokenAsync(cancellationToken).ConfigureAwait(false));
            session = Volatile.Read(ref _session);
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException ex)
            {
                throw new ChatalotConnectionException(ClientErrorCodes.ServerUnreachable, $"The server could not be reached: {ex.Message}", ex);
            }
            catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw new ChatalotConnectionException(ClientErrorCodes.ServerUnreachable, "The server did not answer within the request timeout.", ex);
            }

            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            using (response)
            {
                var error = await ToExceptionAsync(response, cancellationToken).ConfigureAwait(false);
                if (attempt == 0 && error.Code == ErrorCodes.TokenExpired && session is not null)
                {
                    await RefreshAsync(session, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (error.Code == ErrorCodes.OffsetMismatch && ReadOffset(response) is { } serverOffset)
                {
                    throw new ChatalotApiException(error.Code, error.StatusCode, error.Message, error.RetryAfter, error.ValidationErrors) { UploadOffset = serverOffset };
                }

                throw error;
            }
        }
    }

    private static long? ReadOffset(HttpResponseMessage response) =>
        response.Headers.TryGetValues(UploadHeaders.Offset, out var values)
        && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            ? offset
            : null;

    private static async Task SkipAsync(Stream body, long count, CancellationToken cancellationToken)
    {
        var scratch = new byte[Math.Min(count, 81920)];
        while (count > 0)
        {
            var read = await body.ReadAsync(scratch.AsMemory(0, (int)Math.Min(count, scratch.Length)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new ChatalotClientException(ClientErrorCodes.InvalidResponse, "The attachment is shorter than the requested offset.");
            }

            count -= read;
        }
    }
}
