using System.Net;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Errors;

namespace Chatalot.IntegrationTests.Server.ScaleOut;

/// <summary>Rate limits and password lockout are one budget for the whole cluster, wherever a request lands.</summary>
public sealed class SharedLimitTests
{
    [Fact]
    public async Task RestRateLimit_SpentOnNodeA_AppliesOnNodeB()
    {
        await using var cluster = await TwoNodeCluster.StartAsync(o => o with { RateLimits = o.RateLimits with { Enabled = true, Burst = 10, RequestsPerSecond = 1 } });
        using var a = cluster.A.CreateApi();
        using var b = cluster.B.CreateApi();

        // Node B answers once before the test proper, so its first-request warm-up does not refill a token later.
        (await b.SendAsync(HttpMethod.Get, "/users/me")).Dispose();

        // Spend the address's bucket on A until A itself refuses (every request counts, answered or not).
        var admitted = 0;
        while (true)
        {
            using var response = await a.SendAsync(HttpMethod.Get, "/users/me");
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                break;
            }

            admitted++;
            Assert.True(admitted < 30, "node A never refused");
        }

        // B on its own would admit a burst of ten; sharing A's empty bucket it refuses within two requests (one token
        // may have come back at one a second on a slow machine).
        var refused = false;
        for (var i = 0; i < 2 && !refused; i++)
        {
            using var response = await b.SendAsync(HttpMethod.Get, "/users/me");
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var problem = await ChatalotApi.ProblemAsync(response, HttpStatusCode.TooManyRequests, ErrorCodes.RateLimited);
                Assert.True(problem.RetryAfterSeconds > 0);
                refused = true;
            }
        }

        Assert.True(refused, "node B did not share node A's budget");
    }

    [Fact]
    public async Task AuthRateLimit_SpentOnNodeA_AppliesOnNodeB()
    {
        await using var cluster = await TwoNodeCluster.StartAsync(o => o with { RateLimits = o.RateLimits with { Enabled = true, AuthRequestsPerMinute = 3 } });
        using var a = cluster.A.CreateApi();
        using var b = cluster.B.CreateApi();
        for (var i = 0; i < 3; i++)
        {
            using var response = await a.SendAsync(HttpMethod.Post, "/auth/login", new LoginRequest("nobody", "wrong password"));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        await b.ExpectProblemAsync(b.SendAsync(HttpMethod.Post, "/auth/login", new LoginRequest("nobody", "wrong password")), HttpStatusCode.TooManyRequests, ErrorCodes.RateLimited);
    }

    [Fact]
    public async Task Lockout_EarnedOnNodeA_HoldsOnNodeB_AndTheRightPasswordOnAStillCountsTheAddress()
    {
        await using var cluster = await TwoNodeCluster.StartAsync();
        using var a = cluster.A.CreateApi();
        using var b = cluster.B.CreateApi();
        var name = ChatalotApi.NewName();
        await a.RegisterAsync(name);
        for (var i = 0; i < 10; i++)
        {
            using var response = await a.SendAsync(HttpMethod.Post, "/auth/login", new LoginRequest(name, "wrong password"));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        var problem = await ChatalotApi.ProblemAsync(
            await b.SendAsync(HttpMethod.Post, "/auth/login", new LoginRequest(name, "correct horse battery")),
            HttpStatusCode.TooManyRequests, ErrorCodes.AccountLocked);
        Assert.True(problem.RetryAfterSeconds > 0);
    }

    [Fact]
    public async Task Lockout_FortyParallelGuessesAcrossBothNodes_CheckNoMoreThanTheThreshold()
    {
        await using var cluster = await TwoNodeCluster.StartAsync();
        using var a = cluster.A.CreateApi();
        using var b = cluster.B.CreateApi();
        var name = ChatalotApi.NewName();
        await a.RegisterAsync(name);
        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(async i =>
        {
            using var response = await (i % 2 == 0 ? a : b).SendAsync(HttpMethod.Post, "/auth/login", new LoginRequest(name, "wrong password"));
            return response.StatusCode;
        }));

        Assert.InRange(answers.Count(s => s == HttpStatusCode.Unauthorized), 1, 10);
        Assert.All(answers.Where(s => s != HttpStatusCode.Unauthorized), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
    }
}
