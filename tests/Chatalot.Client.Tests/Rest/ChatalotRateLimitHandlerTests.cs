using System.Net;
using System.Net.Http.Headers;
using Chatalot.Client.Rest;
using Chatalot.Client.Tests.Infrastructure;

namespace Chatalot.Client.Tests.Rest;

public class ChatalotRateLimitHandlerTests
{
    /// <summary>The innermost handler: answers from a script, counting requests (a real HttpClient pipeline around it).</summary>
    private sealed class ScriptedHandler(params Func<HttpResponseMessage>[] responses) : HttpMessageHandler
    {
        private int _next;

        public int Requests => _next;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(responses[Math.Min(Interlocked.Increment(ref _next) - 1, responses.Length - 1)]());
    }

    private static HttpResponseMessage TooMany(TimeSpan? after)
    {
        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        if (after is { } delay)
        {
            response.Headers.RetryAfter = new RetryConditionHeaderValue(delay);
        }

        return response;
    }

    [Fact]
    public async Task Send_429WithRetryAfter_WaitsOnTheClockThenResends()
    {
        var time = new ObservedTimeProvider();
        var inner = new ScriptedHandler(() => TooMany(TimeSpan.FromSeconds(5)), () => new HttpResponseMessage(HttpStatusCode.OK));
        using var client = new HttpClient(new ChatalotRateLimitHandler(time) { InnerHandler = inner });

        var send = client.GetAsync(new Uri("http://chatalot.invalid/api/v1/server"));
        time.WaitForTimers(1);
        time.Fake.Advance(TimeSpan.FromSeconds(4.9));
        Assert.False(send.IsCompleted);
        time.Fake.Advance(TimeSpan.FromSeconds(0.1));

        using var response = await send.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, inner.Requests);
    }

    [Fact]
    public async Task Send_SlowMode429_IsReturnedAtOnce_WithItsProblemStillReadable()
    {
        const string problem = "{\"type\":\"about:blank\",\"title\":\"Slow mode\",\"status\":429,\"code\":\"slow_mode\",\"retry_after_seconds\":30}";
        var inner = new ScriptedHandler(() =>
        {
            var response = TooMany(TimeSpan.FromSeconds(30));
            response.Content = new StringContent(problem, System.Text.Encoding.UTF8, "application/problem+json");
            return response;
        });
        using var client = new HttpClient(new ChatalotRateLimitHandler { InnerHandler = inner });

        using var response = await client.GetAsync(new Uri("http://chatalot.invalid/api/v1/channels/x/messages"));
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(1, inner.Requests);
        Assert.Equal(problem, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Send_RetryAfterLongerThanMaxDelay_Returns429WithoutWaiting()
    {
        var inner = new ScriptedHandler(() => TooMany(TimeSpan.FromMinutes(10)));
        using var client = new HttpClient(new ChatalotRateLimitHandler { InnerHandler = inner });

        using var response = await client.GetAsync(new Uri("http://chatalot.invalid/"));
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(1, inner.Requests);
    }

    [Fact]
    public async Task Send_Persistent429_GivesUpAfterMaxRetries()
    {
        var inner = new ScriptedHandler(() => TooMany(TimeSpan.Zero));
        using var client = new HttpClient(new ChatalotRateLimitHandler { InnerHandler = inner, MaxRetries = 2 });

        using var response = await client.GetAsync(new Uri("http://chatalot.invalid/"));
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(3, inner.Requests);
    }
}
