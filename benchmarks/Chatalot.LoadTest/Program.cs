using Chatalot.LoadTest;
using Chatalot.LoadTest.Measurement;
using Chatalot.LoadTest.Scenarios;
using Chatalot.LoadTest.Targets;

// Gateway load generator: see README.md next to this file. Every phase is bounded in count and time, and the whole run
// stops itself after --max-minutes.
LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(options.MaxMinutes));
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cts.Cancel();
};

static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "";

var loadBefore = LoadAverage();
Console.Error.WriteLine($"Chatalot load test on {Environment.ProcessorCount} cores (load average {loadBefore}); servers and load generator share this machine.");
var results = new List<ScenarioResult>();
var failed = false;
var chatalot = options.Targets.Contains("chatalot");
var clusters = options.Nodes.Where(n => n > 1).Select(ChatalotTarget.ClusterName).ToArray();

// Started on the first multi-node run and shared by every cluster of this run (each with its own key prefix).
ClusterRedis? redis = null;
try
{
    foreach (var scenario in options.Scenarios)
    {
        IReadOnlyList<string> targets = scenario switch
        {
            "durable" => chatalot ? ["chatalot", "chatalot-pg", .. clusters] : [],
            "fanout" when options.MultiNode => chatalot ? [.. options.Nodes.Select(ChatalotTarget.ClusterName)] : [],
            _ => options.Targets,
        };
        if (scenario == "fanout" && options.MultiNode && options.Targets.Contains("signalr"))
        {
            Console.Error.WriteLine("== fanout: the SignalR baseline is kept out of multi-node runs (it has no backplane here); the 1-node Chatalot run on PostgreSQL is the baseline.");
        }

        foreach (var name in targets)
        {
            if (name == "chatalot-pg" && options.Postgres is null)
            {
                Console.Error.WriteLine("durable on PostgreSQL skipped: pass --postgres 'Host=127.0.0.1;Port=5432;Username=...;Password=...' (or set CHATALOT_TEST_POSTGRES).");
                continue;
            }

            Console.Error.WriteLine($"== {scenario} on {name}");
            try
            {
                var nodes = clusters.Contains(name) ? options.Nodes.Single(n => ChatalotTarget.ClusterName(n) == name) : 1;
                if (nodes > 1)
                {
                    redis ??= await ClusterRedis.StartOrUseAsync(options.Redis, cts.Token);
                }

                await using ILoadTarget target = name switch
                {
                    "chatalot" => await ChatalotTarget.StartAsync(options, null, cts.Token),
                    "chatalot-pg" => await ChatalotTarget.StartAsync(options, options.Postgres, cts.Token),
                    "signalr" => await SignalRTarget.StartAsync(options, cts.Token),
                    _ when nodes > 1 => await ChatalotTarget.StartClusterAsync(options, options.Postgres!, redis!, nodes, cts.Token),
                    _ => throw new ArgumentException($"Unknown target {name} (chatalot, signalr)."),
                };
                results.AddRange(scenario switch
                {
                    "fanout" => await new FanOutScenario(options).RunAsync(target, cts.Token),
                    "idle" => await new IdleDensityScenario(options).RunAsync(target, cts.Token),
                    "storm" => await new ConnectStormScenario(options).RunAsync(target, cts.Token),
                    "durable" => await new DurableSendScenario(options).RunAsync(target, cts.Token),
                    _ => throw new ArgumentException($"Unknown scenario {scenario} (fanout, idle, storm, durable)."),
                });
            }
            catch (Exception ex) when (ex is not ArgumentException)
            {
                failed = true;
                Console.Error.WriteLine($"  {scenario} on {name} failed: {ex.GetType().Name}: {ex.Message}");
            }
        }
    }
}
finally
{
    if (redis is not null)
    {
        await redis.DisposeAsync();
    }
}

var ratios = Report.Ratios(results, options.LatencyBudgetMs);
Report.PrintTable(results, ratios);
await Report.WriteJsonAsync(options.Output, options, results, ratios, loadBefore, LoadAverage());
Console.Error.WriteLine($"Results written to {Path.GetFullPath(options.Output)}");
return failed ? 1 : 0;
