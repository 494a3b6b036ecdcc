using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Chatalot.LoadTest.Measurement;

/// <summary>Writes the results table (stdout), the Chatalot ÷ SignalR ratios and the JSON file.</summary>
public static class Report
{
    private static readonly string[] FanOutColumns = ["deliveries_per_s", "achieved_ratio", "p50_ms", "p99_ms", "max_ms", "lost", "duplicated", "server_cpu_cores", "generator_cpu_cores", "server_rss_mib"];
    private static readonly string[] IdleColumns = ["connections", "alive", "kib_per_connection", "rss_mib", "batch_connect_seconds", "idle_server_cpu_cores"];
    private static readonly string[] StormColumns = ["connections", "seconds", "connects_per_s", "p50_ms", "p99_ms", "server_cpu_seconds"];
    private static readonly string[] DurableColumns = ["sends_per_s", "p50_ms", "p99_ms", "max_ms", "errors", "server_cpu_cores"];

    public static IReadOnlyList<ScenarioResult> Ratios(IReadOnlyList<ScenarioResult> results, double latencyBudgetMs)
    {
        var ratios = new List<ScenarioResult>();
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
