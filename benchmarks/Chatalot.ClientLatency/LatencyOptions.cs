using System.Globalization;

namespace Chatalot.ClientLatency;

/// <summary>Command-line options of one run (see README.md); every phase is bounded in count and time.</summary>
public sealed record LatencyOptions
{
    public string Label { get; init; } = "new";

    public IReadOnlyList<string> Scenarios { get; init; } = ["client-first", "client-steady"];

    public IReadOnlyList<string> Stores { get; init; } = ["sqlite", "memory"];

    public int Clients { get; init; } = 10;

    public int Channels { get; init; } = 20;

    public int Steady { get; init; } = 50;

    public int Pipelined { get; init; } = 200;

    public int PauseMs { get; init; } = 200;

    public double MaxMinutes { get; init; } = 10;

    public string Output { get; init; } = "client-latency.json";

    /// <summary>With <c>--summarize</c>: result files to pool into one table instead of running.</summary>
    public IReadOnlyList<string> Summarize { get; init; } = [];

    public string Baseline { get; init; } = "old";

    public static LatencyOptions Parse(string[] args)
    {
        var options = new LatencyOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            static string[] List(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            static int Int(string value, int min, int max)
            {
                var n = int.Parse(value, CultureInfo.InvariantCulture);
                return n >= min && n <= max ? n : throw new ArgumentException($"{n} is outside {min}..{max}.");
            }

            options = args[i] switch
            {
                "--label" => options with { Label = Next() },
                "--scenarios" => options with { Scenarios = List(Next()) },
                "--stores" => options with { Stores = List(Next()) },
                "--clients" => options with { Clients = Int(Next(), 2, 50) },
                "--channels" => options with { Channels = Int(Next(), 1, 500) },
                "--steady" => options with { Steady = Int(Next(), 1, 5000) },
                "--pipelined" => options with { Pipelined = Int(Next(), 1, 5000) },
                "--pause-ms" => options with { PauseMs = Int(Next(), 0, 10_000) },
                "--max-minutes" => options with { MaxMinutes = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--out" => options with { Output = Next() },
                "--baseline" => options with { Baseline = Next() },
                "--summarize" => options with { Summarize = args[(i + 1)..] },
                _ => throw new ArgumentException($"Unknown option {args[i]}; see README.md."),
            };
            if (args[i] == "--summarize")
            {
                break;
            }
        }

        foreach (var scenario in options.Scenarios)
        {
            if (scenario is not ("client-first" or "client-steady"))
            {
                throw new ArgumentException($"Unknown scenario {scenario} (client-first, client-steady).");
            }
        }

        foreach (var store in options.Stores)
        {
            if (store is not ("sqlite" or "memory"))
            {
                throw new ArgumentException($"Unknown store {store} (sqlite, memory).");
            }
        }

        return options;
    }
}
