using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Chatalot.LoadTest.Measurement;

/// <summary>Writes the results table (stdout), the Chatalot ÷ SignalR ratios and the JSON file.</summary>
public static class Report
{
    private static readonly string[] FanOutColumns = ["deliveries_per_s", "achieved_ratio", "p50_ms", "p99_ms", "max_ms", "lost", "duplicated", "server_cpu_cores", "server_cpu_us_per_delivery", "redis_cpu_cores", "generator_cpu_cores", "server_rss_mib"];
    private static readonly string[] IdleColumns = ["connections", "alive", "kib_per_connection", "rss_mib", "batch_connect_seconds", "idle_server_cpu_cores"];
    private static readonly string[] StormColumns = ["connections", "seconds", "connects_per_s", "p50_ms", "p99_ms", "server_cpu_seconds"];
    private static readonly string[] DurableColumns = ["sends_per_s", "p50_ms", "p99_ms", "max_ms", "errors", "server_cpu_cores", "server_rss_mib"];

    public static IReadOnlyList<ScenarioResult> Ratios(IReadOnlyList<ScenarioResult> results, double latencyBudgetMs)
    {
        var ratios = new List<ScenarioResult>();
        ratios.AddRange(NodeRatios(results));
        foreach (var group in results.GroupBy(r => (r.Scenario, r.Step)))
        {
            var ours = group.FirstOrDefault(r => r.Target == "chatalot");
            var theirs = group.FirstOrDefault(r => r.Target == "signalr");
            if (ours is null || theirs is null)
            {
                continue;
            }

            var keys = group.Key.Scenario switch
            {
                "fanout" => new[] { "deliveries_per_s", "p99_ms", "server_cpu_cores" },
                "idle" => ["kib_per_connection"],
                "storm" => ["seconds", "p99_ms"],
                _ => [],
            };
            ratios.Add(new ScenarioResult(group.Key.Scenario, "chatalot/signalr", group.Key.Step,
                keys.ToDictionary(k => k, k => theirs.Metrics[k] == 0 ? double.NaN : ours.Metrics[k] / theirs.Metrics[k])));
        }

        // Highest loss-free fan-out throughput of each target, whatever step it came from; then the same under a p99
        // latency budget, i.e. throughput at equal (bounded) latency rather than throughput at any latency.
        double Best(string target, double p99Limit) => results
            .Where(r => r.Scenario == "fanout" && r.Target == target && r.Metrics["lost"] == 0 && r.Metrics["duplicated"] == 0 && r.Metrics["p99_ms"] <= p99Limit)
            .Select(r => r.Metrics["deliveries_per_s"]).DefaultIfEmpty(0).Max();
        if (Best("signalr", double.MaxValue) > 0)
        {
            ratios.Add(new ScenarioResult("fanout", "chatalot/signalr", "best loss-free", new Dictionary<string, double> { ["deliveries_per_s"] = Best("chatalot", double.MaxValue) / Best("signalr", double.MaxValue) }));
        }

        if (Best("signalr", latencyBudgetMs) > 0)
        {
            ratios.Add(new ScenarioResult("fanout", "chatalot/signalr", $"best loss-free with p99 ≤ {latencyBudgetMs} ms", new Dictionary<string, double>
            {
                ["deliveries_per_s"] = Best("chatalot", latencyBudgetMs) / Best("signalr", latencyBudgetMs),
            }));
        }

        return ratios;
    }

    /// <summary>
    /// Each cluster run against the one-node run on PostgreSQL of the same invocation (<c>chatalot-pg</c>), step by step
    /// and for the best loss-free fan-out throughput.
    /// </summary>
    private static IEnumerable<ScenarioResult> NodeRatios(IReadOnlyList<ScenarioResult> results)
    {
        static int Nodes(ScenarioResult r) => (int)r.Metrics.GetValueOrDefault("nodes", 1);
        static double Ratio(ScenarioResult n, ScenarioResult one, string key) =>
            one.Metrics.GetValueOrDefault(key, double.NaN) is var b && (b == 0 || double.IsNaN(b)) ? double.NaN : n.Metrics.GetValueOrDefault(key, double.NaN) / b;

        foreach (var group in results.GroupBy(r => (r.Scenario, r.Step)))
        {
            var one = group.FirstOrDefault(r => r.Target == "chatalot-pg");
            if (one is null)
            {
                continue;
            }

            var keys = group.Key.Scenario switch
            {
                "fanout" => new[] { "deliveries_per_s", "p50_ms", "p99_ms", "server_cpu_cores", "server_cpu_us_per_delivery", "server_rss_mib" },
                "durable" => ["sends_per_s", "p50_ms", "p99_ms", "server_cpu_cores", "server_rss_mib"],
                _ => [],
            };
            foreach (var cluster in group.Where(r => Nodes(r) > 1 && r.Target.StartsWith("chatalot-pg-", StringComparison.Ordinal)))
            {
                yield return new ScenarioResult(group.Key.Scenario, $"{Nodes(cluster)} nodes / 1 node", group.Key.Step, keys.ToDictionary(k => k, k => Ratio(cluster, one, k)));
            }
        }

        double Best(string target) => results
            .Where(r => r.Scenario == "fanout" && r.Target == target && r.Metrics["lost"] == 0 && r.Metrics["duplicated"] == 0)
            .Select(r => r.Metrics["deliveries_per_s"]).DefaultIfEmpty(0).Max();
        var baseline = Best("chatalot-pg");
        foreach (var cluster in results.Where(r => r.Scenario == "fanout" && Nodes(r) > 1).Select(r => (r.Target, Nodes: Nodes(r))).Distinct())
        {
            if (baseline > 0)
            {
                yield return new ScenarioResult("fanout", $"{cluster.Nodes} nodes / 1 node", "best loss-free", new Dictionary<string, double> { ["deliveries_per_s"] = Best(cluster.Target) / baseline });
            }
        }
    }

    public static void PrintTable(IReadOnlyList<ScenarioResult> results, IReadOnlyList<ScenarioResult> ratios)
    {
        foreach (var (scenario, columns) in new[] { ("fanout", FanOutColumns), ("idle", IdleColumns), ("storm", StormColumns), ("durable", DurableColumns) })
        {
            var rows = results.Where(r => r.Scenario == scenario).ToList();
            if (rows.Count == 0)
            {
                continue;
            }

            Console.WriteLine();
            Console.WriteLine($"## {scenario}");
            Console.WriteLine($"| target | step | {string.Join(" | ", columns)} |");
            Console.WriteLine($"|---|---|{string.Concat(columns.Select(_ => "---:|"))}");
            foreach (var r in rows)
            {
                Console.WriteLine($"| {r.Target} | {r.Step} | {string.Join(" | ", columns.Select(c => Format(r.Metrics.GetValueOrDefault(c, double.NaN))))} |");
            }

            foreach (var r in ratios.Where(r => r.Scenario == scenario))
            {
                Console.WriteLine($"| {r.Target} | {r.Step} | {string.Join(" | ", columns.Select(c => r.Metrics.TryGetValue(c, out var v) ? v.ToString("0.00", CultureInfo.InvariantCulture) + "×" : ""))} |");
            }
        }
    }

    public static async Task WriteJsonAsync(string path, LoadOptions options, IReadOnlyList<ScenarioResult> results, IReadOnlyList<ScenarioResult> ratios, string loadBefore, string loadAfter)
    {
        var document = new
        {
            measured_at = DateTimeOffset.UtcNow,
            machine = new
            {
                processors = Environment.ProcessorCount,
                os = RuntimeInformation.OSDescription,
                runtime = RuntimeInformation.FrameworkDescription,
                load_average_before = loadBefore,
                load_average_after = loadAfter,
                note = "load generator and servers share the same machine",
            },
            options,
            results,
            ratios,
        };
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, document, new JsonSerializerOptions { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals });
    }

    private static string Format(double v) =>
        double.IsNaN(v) ? "" : Math.Abs(v) >= 100 ? v.ToString("N0", CultureInfo.InvariantCulture) : v.ToString("0.##", CultureInfo.InvariantCulture);
}
