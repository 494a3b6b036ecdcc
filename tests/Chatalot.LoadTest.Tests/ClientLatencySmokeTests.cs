namespace Chatalot.LoadTest.Tests;

/// <summary>
/// Keeps the client latency tool from rotting: a tiny run of both scenarios with both stores (4 clients, 2 new channels,
/// a few steady and pipelined sends). Real runs stay out of the test suite; see docs/benchmarks.md.
/// </summary>
public sealed class ClientLatencySmokeTests
{
    [Fact]
    public async Task TinyRun_BothScenariosAndStores_DeliversEveryMessage()
    {
        var run = await BenchmarkToolRun.RunAsync("Chatalot.ClientLatency",
            ["--clients", "4", "--channels", "2", "--steady", "3", "--pipelined", "5", "--pause-ms", "0", "--max-minutes", "3"], TimeSpan.FromMinutes(4));
        using var json = run.Results;
        var log = run.Log;
        Assert.Equal(0, json.RootElement.GetProperty("Undecryptable").GetInt32());
        var samples = json.RootElement.GetProperty("Samples");
        foreach (var store in new[] { "sqlite", "memory" })
        {
            Assert.Equal(2, samples.GetProperty($"client-first/{store}/last-of-3").GetArrayLength());
            Assert.Equal(3, samples.GetProperty($"client-steady/{store}/sequential/last-of-3").GetArrayLength());
            Assert.Equal(5, samples.GetProperty($"client-steady/{store}/pipelined/last-of-3").GetArrayLength());
            Assert.False(samples.TryGetProperty($"client-first/{store}/missing", out _), log);
        }
    }
}
