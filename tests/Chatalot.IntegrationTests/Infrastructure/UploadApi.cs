using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Chatalot.Protocol.Attachments;

namespace Chatalot.IntegrationTests.Infrastructure;

/// <summary>Raw upload requests (rest.md §Attachments) over <see cref="ChatalotApi"/>, so tests see the wire.</summary>
public static class UploadApi
{
    public static async Task<Upload> CreateAsync(ChatalotApi api, string token, long length, Guid? channelId = null) =>
        await api.ExpectAsync<Upload>(await api.SendAsync(HttpMethod.Post, "/uploads", new CreateUploadRequest(length, channelId), token), HttpStatusCode.Created);

    public static Task<HttpResponseMessage> PatchAsync(ChatalotApi api, string token, Guid id, long offset, byte[] body, bool checksum = false, byte[]? checksumOf = null) =>
        PatchAsync(api, token, id, offset, new ByteArrayContent(body), checksum ? SHA256.HashData(checksumOf ?? body) : null);

    public static async Task<HttpResponseMessage> PatchAsync(ChatalotApi api, string token, Guid id, long offset, HttpContent content, byte[]? checksum = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/uploads/{id}") { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add(UploadHeaders.Offset, offset.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (checksum is not null)
        {
            request.Headers.Add(UploadHeaders.Checksum, $"{UploadHeaders.ChecksumAlgorithm} {Convert.ToBase64String(checksum)}");
        }

        content.Headers.ContentType = new MediaTypeHeaderValue(UploadHeaders.ChunkContentType);
        return await api.Http.SendAsync(request);
    }

    public static async Task<Upload> GetAsync(ChatalotApi api, string token, Guid id) => await api.GetAsync<Upload>($"/uploads/{id}", token);

    public static async Task<Upload> CompleteAsync(ChatalotApi api, string token, Guid id, byte[] ciphertext) =>
        await api.ExpectAsync<Upload>(await api.SendAsync(HttpMethod.Post, $"/uploads/{id}/complete", new CompleteUploadRequest(SHA256.HashData(ciphertext)), token));

    /// <summary>Creates, sends in one chunk and completes an upload of <paramref name="ciphertext"/>.</summary>
    public static async Task<Upload> UploadAsync(ChatalotApi api, string token, byte[] ciphertext, Guid? channelId = null)
    {
        var upload = await CreateAsync(api, token, ciphertext.Length, channelId);
        using (var patched = await PatchAsync(api, token, upload.Id, 0, ciphertext, checksum: true))
        {
            Assert.Equal(HttpStatusCode.NoContent, patched.StatusCode);
        }

        return await CompleteAsync(api, token, upload.Id, ciphertext);
    }

    public static async Task<HttpResponseMessage> DownloadAsync(ChatalotApi api, string token, Guid id, string? range = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/attachments/{id}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (range is not null)
        {
            request.Headers.TryAddWithoutValidation("Range", range);
        }

        return await api.Http.SendAsync(request);
    }

    /// <summary>Waits (no fixed sleep) until <paramref name="condition"/> holds, polling the server.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!await condition())
        {
            Assert.False(timeout.IsCancellationRequested, $"Timed out waiting for {what}.");
            await Task.Delay(20);
        }
    }
}
