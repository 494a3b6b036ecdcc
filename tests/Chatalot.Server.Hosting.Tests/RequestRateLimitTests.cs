using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Chatalot.Server.Hosting.Tests;

/// <summary>rest.md §Rate limits: per address, a burst of <c>Burst</c>, then <c>RequestsPerSecond</c>, never more.</summary>
public class RequestRateLimitTests
{
    [Fact]
    public async Task ConcurrentBurst_AdmitsExactlyTheDocumentedBurst_ThenTheDocumentedRate()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await StartAsync(time, new ChatalotRateLimitOptions());
        using var client = app.GetTestClient();

        // Time stands still: the default documented figures (burst 50, 20/s) must hold exactly.
        Assert.Equal(50, await FireAsync(client, 120));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(20, await FireAsync(client, 120));
        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(2, await FireAsync(client, 10));

        // /auth/* has its own fixed-window limit instead of the bucket (rest.md): an empty bucket does not refuse it.
        using (var login = new StringContent("""{"username":"nobody","password":"wrong password"}""", System.Text.Encoding.UTF8, "application/json"))
        {
            Assert.Equal(0, await FireAsync(client, 1));
            using var answer = await client.PostAsync(new Uri("/api/v1/auth/login", UriKind.Relative), login, CancellationToken.None);
            Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        }

        // A long idle period refills up to the burst, not beyond it.
        time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(50, await FireAsync(client, 120));
    }

    [Fact]
    public async Task Refusal_IsAProblemWithRetryAfterUntilTheNextToken()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await StartAsync(time, new ChatalotRateLimitOptions { Burst = 2, RequestsPerSecond = 1 });
        using var client = app.GetTestClient();
        Assert.Equal(2, await FireAsync(client, 2));

        using var refused = await client.GetAsync(new Uri("/api/v1/server", UriKind.Relative), CancellationToken.None);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
        Assert.Contains("\"rate_limited\"", await refused.Content.ReadAsStringAsync(CancellationToken.None), StringComparison.Ordinal);
    }

    private static async Task<WebApplication> StartAsync(FakeTimeProvider time, ChatalotRateLimitOptions limits)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddChatalotServer(configure: o => o with
        {
            DataDirectory = Path.Combine(Path.GetTempPath(), "chatalot-unit", Guid.NewGuid().ToString("N")),
            RateLimits = limits,
        });
        var app = builder.Build();
        app.MapChatalot();
        await app.StartAsync(CancellationToken.None);
        return app;
    }

    /// <summary>Fires <paramref name="count"/> requests at once and counts the admitted ones.</summary>
    private static async Task<int> FireAsync(HttpClient client, int count)
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, count).Select(_ => client.GetAsync(new Uri("/api/v1/server", UriKind.Relative), CancellationToken.None)));
        var admitted = responses.Count(r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.TooManyRequests }));
        foreach (var response in responses)
        {
            response.Dispose();
        }

        return admitted;
    }
}
