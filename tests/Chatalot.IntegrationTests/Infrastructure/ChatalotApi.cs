using System.Net;
using System.Net.Http.Headers;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Serialization;

namespace Chatalot.IntegrationTests.Infrastructure;

/// <summary>A thin raw-HTTP client over the wire contracts, so tests see exactly what goes over the wire.</summary>
public sealed class ChatalotApi(HttpClient http) : IDisposable
{
    public HttpClient Http { get; } = http;

    public async Task<HttpResponseMessage> SendAsync<TBody>(HttpMethod method, string path, TBody body, string? token = null)
    {
        using var request = new HttpRequestMessage(method, "/api/v1" + path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            var content = new ByteArrayContent(ChatalotJson.SerializeToUtf8Bytes(body));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Content = content;
        }

        return await Http.SendAsync(request);
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token = null) =>
        SendAsync<object?>(method, path, null, token);

    public async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, string json, string? token = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, "/api/v1" + path) { Content = new StringContent(json) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await Http.SendAsync(request);
    }

    public async Task<T> ExpectAsync<T>(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        using (response)
        {
            var bytes = await response.Content.ReadAsByteArrayAsync();
            Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(bytes)}");
            return ChatalotJson.Deserialize<T>(bytes);
        }
    }

    public async Task<T> GetAsync<T>(string path, string token) => await ExpectAsync<T>(await SendAsync(HttpMethod.Get, path, token));

    public async Task<TResponse> PostAsync<TRequest, TResponse>(string path, TRequest body, string? token, HttpStatusCode status = HttpStatusCode.OK) =>
        await ExpectAsync<TResponse>(await SendAsync(HttpMethod.Post, path, body, token), status);

    public static async Task<ChatalotProblemDetails> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        using (response)
        {
            var bytes = await response.Content.ReadAsByteArrayAsync();
            var text = System.Text.Encoding.UTF8.GetString(bytes);
            Assert.True(response.StatusCode == status, $"Expected {(int)status} {code}, got {(int)response.StatusCode}: {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = ChatalotJson.Deserialize<ChatalotProblemDetails>(bytes);
            Assert.Equal(code, problem.Code);
            Assert.Equal((int)status, problem.Status);
            return problem;
        }
    }

    public async Task ExpectProblemAsync(Task<HttpResponseMessage> call, HttpStatusCode status, string code) =>
        await ProblemAsync(await call, status, code);

    public async Task<AuthResponse> RegisterAsync(string? username = null, string password = "correct horse battery", string? invite = null) =>
        await PostAsync<RegisterRequest, AuthResponse>("/auth/register", Registration(username ?? NewName(), password, invite), null, HttpStatusCode.Created);

    /// <summary>
    /// A registration carrying the test servers' preset setup code (<see cref="ChatalotTestServer.SetupCode"/>): the first one
    /// claims the server and becomes owner, later ones register as usual (the code is void once the server is claimed).
    /// </summary>
    public static RegisterRequest Registration(string username, string password, string? invite = null) =>
        new(username, password, InviteCode: invite, SetupCode: ChatalotTestServer.SetupCode);

    public static string NewName() => "u" + Guid.NewGuid().ToString("N")[..12];

    public void Dispose() => Http.Dispose();
}
