using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Chatalot.Protocol;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Serialization;

namespace Chatalot.Client.Rest;

/// <summary>
/// Typed access to every REST route of a Chatalot server (<c>docs/protocol/rest.md</c>). Every call takes a
/// <see cref="CancellationToken"/>; failures surface as <see cref="ChatalotApiException"/> with the server's error
/// code. After <see cref="LoginAsync(LoginRequest, CancellationToken)"/> or <see cref="RegisterAsync"/> the client attaches the access token, refreshes
/// it shortly before it expires (and once more on a <c>token_expired</c> answer), single-flight across concurrent calls.
/// Thread-safe. Message bodies are opaque ciphertext here: use <c>IChatalotClient.SendAsync</c> for encrypted chat.
/// </summary>
public sealed partial class ChatalotRestClient : IDisposable
{
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromSeconds(30);
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly TimeProvider _timeProvider;
    private readonly Uri _apiBase;
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    private AuthResponse? _session;

    /// <summary>Where the refresh token is kept across restarts (<see cref="ChatalotClientOptions.PersistSession"/>); null keeps it in memory only.</summary>
    internal Internal.SessionRecord? SessionRecord { get; set; }

    /// <summary>Creates a REST client over an <see cref="HttpClient"/> you configure (for example from <c>IHttpClientFactory</c>).</summary>
    /// <param name="httpClient">The HTTP client; add a <see cref="ChatalotRateLimitHandler"/> to its pipeline to honour 429s.</param>
    /// <param name="serverUrl">The server's base address.</param>
    /// <param name="timeProvider">Clock for token expiry; <see cref="TimeProvider.System"/> when null.</param>
    public ChatalotRestClient(HttpClient httpClient, Uri serverUrl, TimeProvider? timeProvider = null)
        : this(httpClient, serverUrl, timeProvider, ownsHttp: false)
    {
    }

    private ChatalotRestClient(HttpClient httpClient, Uri serverUrl, TimeProvider? timeProvider, bool ownsHttp)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(serverUrl);
        _http = httpClient;
        _ownsHttp = ownsHttp;
        _timeProvider = timeProvider ?? TimeProvider.System;
        var root = serverUrl.AbsoluteUri.EndsWith('/') ? serverUrl : new Uri(serverUrl.AbsoluteUri + "/");
        _apiBase = new Uri(root, ProtocolVersion.ApiPrefix.TrimStart('/') + "/");
    }

    /// <summary>Creates a REST client with its own HTTP pipeline (connection pooling and the 429 handler included).</summary>
    /// <param name="options">Client options; <see cref="ChatalotClientOptions.ServerUrl"/> is required.</param>
    /// <param name="timeProvider">Clock for token expiry and waits; <see cref="TimeProvider.System"/> when null.</param>
    /// <returns>The client; dispose it to release connections.</returns>
    /// <exception cref="ArgumentException"><paramref name="options"/> are invalid.</exception>
    public static ChatalotRestClient Create(ChatalotClientOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var handler = new ChatalotRateLimitHandler(timeProvider)
        {
            MaxRetries = options.MaxRateLimitRetries,
            // In a browser (Blazor WebAssembly) SocketsHttpHandler throws PlatformNotSupportedException: requests
            // go through fetch, which pools connections itself.
            InnerHandler = OperatingSystem.IsBrowser()
                ? new HttpClientHandler()
                : new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) },
        };
        var http = new HttpClient(handler) { Timeout = options.RequestTimeout };
        return new ChatalotRestClient(http, options.ServerUrl!, timeProvider, ownsHttp: true);
    }

    /// <summary>The signed-in user, or <see langword="null"/> before signing in.</summary>
    public User? CurrentUser => Volatile.Read(ref _session)?.User;

    /// <summary>The session (refresh-token family) id, or <see langword="null"/> before signing in.</summary>
    public Guid? SessionId => Volatile.Read(ref _session)?.SessionId;

    /// <summary>Whether the client holds a session.</summary>
    public bool IsSignedIn => Volatile.Read(ref _session) is not null;

    /// <summary>Releases the HTTP client if this instance created it.</summary>
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }

        _refreshGate.Dispose();
    }

    /// <summary>Returns a valid access token, refreshing it first if it expires within 30 seconds.</summary>
    /// <param name="cancellationToken">Cancels the refresh.</param>
    /// <returns>The access token (a secret: never log it).</returns>
    /// <exception cref="ChatalotClientException">Not signed in (<see cref="ErrorCodes.Unauthenticated"/>).</exception>
    /// <exception cref="ChatalotApiException">The refresh was refused (the session was revoked or the token reused).</exception>
    internal async ValueTask<string> GetAccessTokenAsync(CancellationToken cancellationToken)
    {
        var session = Volatile.Read(ref _session) ?? throw new ChatalotClientException(ErrorCodes.Unauthenticated, "Sign in first (LoginAsync or RegisterAsync).");
        if (session.AccessTokenExpiresAt - _timeProvider.GetUtcNow() > RefreshMargin)
        {
            return session.AccessToken;
        }

        return (await RefreshAsync(session, cancellationToken).ConfigureAwait(false)).AccessToken;
    }

    private async Task<AuthResponse> RefreshAsync(AuthResponse stale, CancellationToken cancellationToken)
    {
        await _refreshGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Single flight: whoever waited behind the refresh reuses its result instead of presenting the (now used)
            // refresh token again, which the server would treat as theft and revoke the whole session.
            var current = Volatile.Read(ref _session);
            if (current is not null && !ReferenceEquals(current, stale))
            {
                return current;
            }

            return await RedeemAsync(stale.RefreshToken, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _refreshGate.Release();
        }
    }

    /// <summary>
    /// Resumes the session whose refresh token <see cref="SessionRecord"/> kept (single flight with token refreshes).
    /// Returns false, having forgotten the token, when there is none or the server rejected it (revoked, expired,
    /// reused, suspended); a server that cannot be reached throws.
    /// </summary>
    internal async Task<bool> ResumeAsync(CancellationToken cancellationToken)
    {
        if (SessionRecord is not { } record)
        {
            return false;
        }

        await _refreshGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (await record.LoadAsync(cancellationToken).ConfigureAwait(false) is not { } token)
            {
                return false;
            }

            try
            {
                await RedeemAsync(token, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (ChatalotApiException ex) when (Internal.SessionRecord.IsRejection(ex))
            {
                return false;
            }
        }
        finally
        {
            _refreshGate.Release();
        }
    }

    // Called inside the refresh gate: the rotated token is stored before anyone can use (and so spend) it.
    private async Task<AuthResponse> RedeemAsync(string refreshToken, CancellationToken cancellationToken)
    {
        AuthResponse fresh;
        try
        {
            fresh = await SendAsync(HttpMethod.Post, "auth/refresh", new RefreshRequest(refreshToken), Info<RefreshRequest>(), Info<AuthResponse>(), authenticate: false, cancellationToken).ConfigureAwait(false);
        }
        catch (ChatalotApiException ex) when (SessionRecord is { } record && Internal.SessionRecord.IsRejection(ex))
        {
            // The stored token is dead for good: a later start must sign in instead of presenting it again.
            await record.ClearAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        await AdoptAsync(fresh, cancellationToken).ConfigureAwait(false);
        return fresh;
    }

    /// <summary>Makes <paramref name="session"/> this client's session (null: signed out) and keeps its refresh token when asked to.</summary>
    private async ValueTask AdoptAsync(AuthResponse? session, CancellationToken cancellationToken)
    {
        Volatile.Write(ref _session, session);
        if (SessionRecord is { } record)
        {
            // Not cancellable once the server has rotated the token: the stored one would be spent.
            if (session is null)
            {
                await record.ClearAsync(CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                await record.SaveAsync(session.RefreshToken, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private static JsonTypeInfo<T> Info<T>() => ChatalotJson.GetTypeInfo<T>();

    private Task<TResponse> SendAsync<TRequest, TResponse>(HttpMethod method, string path, TRequest body, JsonTypeInfo<TRequest> requestInfo, JsonTypeInfo<TResponse> responseInfo, bool authenticate, CancellationToken cancellationToken) =>
        SendCoreAsync(method, path, () => JsonBody(body, requestInfo), responseInfo, authenticate, cancellationToken)!;

    private Task<TResponse> GetAsync<TResponse>(string path, JsonTypeInfo<TResponse> responseInfo, CancellationToken cancellationToken) =>
        SendCoreAsync(HttpMethod.Get, path, null, responseInfo, authenticate: true, cancellationToken)!;

    private Task<TResponse> PostAsync<TRequest, TResponse>(string path, TRequest body, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, path, body, Info<TRequest>(), Info<TResponse>(), authenticate: true, cancellationToken);

    private Task<TResponse> PostAsync<TResponse>(string path, CancellationToken cancellationToken) =>
        SendCoreAsync(HttpMethod.Post, path, null, Info<TResponse>(), authenticate: true, cancellationToken)!;

    private Task<TResponse> PatchAsync<TRequest, TResponse>(string path, TRequest body, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Patch, path, body, Info<TRequest>(), Info<TResponse>(), authenticate: true, cancellationToken);

    private Task<TResponse> PutAsync<TRequest, TResponse>(string path, TRequest body, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, path, body, Info<TRequest>(), Info<TResponse>(), authenticate: true, cancellationToken);

    private Task SendNoContentAsync(HttpMethod method, string path, CancellationToken cancellationToken) =>
        SendCoreAsync<object>(method, path, null, responseInfo: null, authenticate: true, cancellationToken);

    private Task SendNoContentAsync<TRequest>(HttpMethod method, string path, TRequest body, CancellationToken cancellationToken) =>
        SendCoreAsync<object>(method, path, () => JsonBody(body, Info<TRequest>()), responseInfo: null, authenticate: true, cancellationToken);

    private static ByteArrayContent JsonBody<T>(T body, JsonTypeInfo<T> info)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, info));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    private async Task<TResponse?> SendCoreAsync<TResponse>(HttpMethod method, string path, Func<HttpContent>? content, JsonTypeInfo<TResponse>? responseInfo, bool authenticate, CancellationToken cancellationToken)
    {
        using var response = await SendForResponseAsync(method, path, content, "application/json", authenticate, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        if (responseInfo is null || response.StatusCode == HttpStatusCode.NoContent)
        {
            return default;
        }

        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return JsonSerializer.Deserialize(bytes, responseInfo)
                ?? throw new ChatalotClientException(ClientErrorCodes.InvalidResponse, $"The server answered {method} {path} with an empty body.");
        }
        catch (JsonException ex)
        {
            throw new ChatalotClientException(ClientErrorCodes.InvalidResponse, $"The server's answer to {method} {path} could not be read.", ex);
        }
    }

    /// <summary>
    /// Sends a request and returns the successful response (the caller disposes it), or throws the server's typed error.
    /// An access token that expired in flight is refreshed once. <paramref name="content"/> is a factory because a retry
    /// needs a fresh body.
    /// </summary>
    private async Task<HttpResponseMessage> SendForResponseAsync(HttpMethod method, string path, Func<HttpContent>? content, string accept, bool authenticate, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        var session = authenticate ? Volatile.Read(ref _session) : null;
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, new Uri(_apiBase, path)) { Content = content?.Invoke() };
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
            if (authenticate)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await GetAccessTokenAsync(cancellationToken).ConfigureAwait(false));
                session = Volatile.Read(ref _session);
            }

            var response = await SendOverNetworkAsync(request, completion, cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            ChatalotApiException error;
            using (response)
            {
                error = await ToExceptionAsync(response, cancellationToken).ConfigureAwait(false);
            }

            // An access token can expire between the expiry check and the server's check (clock skew): refresh once.
            if (authenticate && attempt == 0 && error.Code == ErrorCodes.TokenExpired && session is not null)
            {
                await RefreshAsync(session, cancellationToken).ConfigureAwait(false);
                continue;
            }

            throw error;
        }
    }

    /// <summary>
    /// Sends one request; a server that cannot be reached (refused, unresolvable, no answer within
    /// <see cref="ChatalotClientOptions.RequestTimeout"/>) becomes a typed <see cref="ChatalotConnectionException"/>
    /// (<see cref="ClientErrorCodes.ServerUnreachable"/>) rather than a raw transport exception.
    /// </summary>
    private async Task<HttpResponseMessage> SendOverNetworkAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        try
        {
            return await _http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new ChatalotConnectionException(ClientErrorCodes.ServerUnreachable, $"The server could not be reached: {ex.Message}", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ChatalotConnectionException(ClientErrorCodes.ServerUnreachable, "The server did not answer within the request timeout.", ex);
        }
    }

    private async Task<ChatalotApiException> ToExceptionAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var retryAfter = ChatalotRateLimitHandler.GetRetryAfter(response, _timeProvider);
        ChatalotProblemDetails? problem = null;
        try
        {
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (bytes.Length > 0)
            {
                problem = JsonSerializer.Deserialize(bytes, Info<ChatalotProblemDetails>());
            }
        }
        catch (JsonException)
        {
            // Not a problem document (a proxy's error page, for example): fall back to the status code below.
        }

        var code = problem?.Code ?? response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => ErrorCodes.Unauthenticated,
            HttpStatusCode.Forbidden => ErrorCodes.Forbidden,
            HttpStatusCode.NotFound => ErrorCodes.NotFound,
            HttpStatusCode.Conflict => ErrorCodes.Conflict,
            HttpStatusCode.RequestEntityTooLarge => ErrorCodes.PayloadTooLarge,
            HttpStatusCode.TooManyRequests => ErrorCodes.RateLimited,
            HttpStatusCode.ServiceUnavailable or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout => ErrorCodes.Unavailable,
            >= HttpStatusCode.InternalServerError => ErrorCodes.InternalError,
            _ => ErrorCodes.MalformedRequest,
        };
        if (retryAfter is null && problem?.RetryAfterSeconds is { } seconds)
        {
            retryAfter = TimeSpan.FromSeconds(seconds);
        }

        var message = problem is null
            ? $"The server answered {(int)response.StatusCode} ({code})."
            : $"{problem.Title ?? code}{(problem.Detail is null ? string.Empty : ": " + problem.Detail)}";
        return new ChatalotApiException(code, response.StatusCode, message, retryAfter, problem?.Errors) { TwoFactorChallenge = problem?.Challenge };
    }

    private static string Escape(string segment) => Uri.EscapeDataString(segment);
}
