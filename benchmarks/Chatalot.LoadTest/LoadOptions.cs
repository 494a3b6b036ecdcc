using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;

namespace Chatalot.LoadTest;

/// <summary>Command-line settings of a load run; every loop the scenarios run is bounded by these counts and times.</summary>
public sealed record LoadOptions
{
    public IReadOnlyList<string> Scenarios { get; init; } = ["fanout", "idle", "storm", "durable"];

    public IReadOnlyList<string> Targets { get; init; } = ["chatalot", "signalr"];

    /// <summary>Fan-out: connections, spread evenly over <see cref="Channels"/>.</summary>
    public int Connections { get; init; } = 5_000;

    public int Channels { get; init; } = 50;

    /// <summary>Chatalot accounts the connections authenticate as (connection i is user i mod Users).</summary>
    public int Users { get; init; } = 50;

    /// <summary>Fan-out: offered publish rates in messages/s, one measured step each (deliveries = rate × members).</summary>
    public IReadOnlyList<int> Rates { get; init; } = [50, 100, 200, 400];

    public int StepSeconds { get; init; } = 5;

    /// <summary>Fan-out: the p99 latency bound for the "throughput at equal latency" ratio.</summary>
    public int LatencyBudgetMs { get; init; } = 50;

    public int PayloadBytes { get; init; } = 64;

    public IReadOnlyList<int> IdleCounts { get; init; } = [1_000, 10_000];

    public int StormConnections { get; init; } = 5_000;

    public int ConnectConcurrency { get; init; } = 128;

    public int DurableSenders { get; init; } = 200;

    public int DurableWindow { get; init; } = 4;

    public int DurableSeconds { get; init; } = 10;

    /// <summary>PostgreSQL connection string without a database (one is created per run); null skips the PostgreSQL run.</summary>
    /// <remarks>It may hold a password: kept out of the JSON results and of <see cref="ToString"/>.</remarks>
    [JsonIgnore]
    public string? Postgres { get; init; }

    /// <summary>
    /// Fan-out and durable: node counts, one ladder each. Above one, Chatalot runs as a cluster on PostgreSQL and Redis
    /// and the one-node run is a plain server on PostgreSQL (the baseline); SignalR stays out.
    /// </summary>
    public IReadOnlyList<int> Nodes { get; init; } = [1];

    /// <summary>Redis the cluster nodes share (StackExchange.Redis configuration); null starts a private redis-server.</summary>
    /// <remarks>It may hold a password: kept out of the JSON results and of <see cref="ToString"/>.</remarks>
    [JsonIgnore]
    public string? Redis { get; init; }

    /// <summary>Whether the run includes a cluster of more than one node.</summary>
    public bool MultiNode => Nodes.Any(n => n > 1);

    public bool ServerGc { get; init; }

    /// <summary>Extra environment variables for both servers (e.g. <c>DOTNET_GCgen0size=0x400000</c>), so GC settings are equal.</summary>
    public IReadOnlyList<string> ServerEnvironment { get; init; } = [];

    /// <summary>Hard cap on the whole run; the tool stops itself after it.</summary>
    public int MaxMinutes { get; init; } = 30;

    /// <summary>Idle density: seconds to keep the connections open after measuring, to attach dotnet-gcdump or dotnet-counters.</summary>
    public int HoldSeconds { get; init; }

    public string Output { get; init; } = "loadtest-results.json";

    /// <summary>Whether the PostgreSQL and Redis settings were given, without the strings themselves (they may hold passwords).</summary>
    public string Services => $"postgres {(Postgres is null ? "off" : "set")}, redis {(Redis is null ? "private redis-server" : "given")}";

    public void Validate()
    {
        if (Connections < Channels || Channels < 1 || Users < 1 || StepSeconds < 1 || PayloadBytes < 24 || PayloadBytes > 512)
        {
            throw new ArgumentException("Need connections ≥ channels ≥ 1, users ≥ 1, step ≥ 1 s and 24 ≤ payload ≤ 512 bytes.");
        }

        if (Connections > 15_000 || IdleCounts.Any(c => c > 15_000) || StormConnections > 15_000)
        {
            throw new ArgumentException("At most 15,000 connections per run (file descriptor and ephemeral-port budget of one loopback address).");
        }

        if (Nodes.Count == 0 || Nodes.Any(n => n is < 1 or > 8))
        {
            throw new ArgumentException("--nodes takes node counts from 1 to 8 (e.g. 1,2,3).");
        }

        if (MultiNode && Postgres is null)
        {
            throw new ArgumentException("More than one node needs PostgreSQL (cluster mode): pass --postgres or set CHATALOT_TEST_POSTGRES.");
        }
    }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"Scenarios = {string.Join(",", Scenarios)}, Targets = {string.Join(",", Targets)}, Nodes = {string.Join(",", Nodes)}, {Services}");
        return true;
    }

    public static LoadOptions Parse(string[] args)
    {
        var o = new LoadOptions
        {
            Postgres = Environment.GetEnvironmentVariable("CHATALOT_TEST_POSTGRES"),
            Redis = Environment.GetEnvironmentVariable("CHATALOT_TEST_REDIS") is { Length: > 0 } redis ? redis : null,
        };
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            static IReadOnlyList<int> Ints(string s) => s.Split(',').Select(x => int.Parse(x, CultureInfo.InvariantCulture)).ToArray();
            static IReadOnlyList<string> Words(string s) => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            o = args[i] switch
            {
                "--scenarios" => o with { Scenarios = Words(Next()) },
                "--targets" => o with { Targets = Words(Next()) },
                "--connections" => o with { Connections = Ints(Next())[0] },
                "--channels" => o with { Channels = Ints(Next())[0] },
                "--users" => o with { Users = Ints(Next())[0] },
                "--rates" => o with { Rates = Ints(Next()) },
                "--step-seconds" => o with { StepSeconds = Ints(Next())[0] },
                "--payload" => o with { PayloadBytes = Ints(Next())[0] },
                "--idle" => o with { IdleCounts = Ints(Next()) },
                "--storm" => o with { StormConnections = Ints(Next())[0] },
                "--concurrency" => o with { ConnectConcurrency = Ints(Next())[0] },
                "--senders" => o with { DurableSenders = Ints(Next())[0] },
                "--window" => o with { DurableWindow = Ints(Next())[0] },
                "--durable-seconds" => o with { DurableSeconds = Ints(Next())[0] },
                "--postgres" => o with { Postgres = string.IsNullOrWhiteSpace(Next()) ? throw new ArgumentException("--postgres needs a connection string (use --no-postgres to skip PostgreSQL).") : args[i] },
                "--no-postgres" => o with { Postgres = null },
                "--nodes" => o with { Nodes = Ints(Next()).Distinct().Order().ToArray() },
                "--redis" => o with { Redis = string.IsNullOrWhiteSpace(Next()) ? throw new ArgumentException("--redis needs host:port.") : args[i] },
                "--server-gc" => o with { ServerGc = true },
                "--server-env" => o with { ServerEnvironment = [.. o.ServerEnvironment, Next()] },
                "--latency-budget-ms" => o with { LatencyBudgetMs = Ints(Next())[0] },
                "--hold-seconds" => o with { HoldSeconds = Ints(Next())[0] },
                "--max-minutes" => o with { MaxMinutes = Ints(Next())[0] },
                "--out" => o with { Output = Next() },
                _ => throw new ArgumentException($"Unknown option {args[i]} (see benchmarks/Chatalot.LoadTest/README.md)."),
            };
        }

        o.Validate();
        return o;
    }
}
