using Chatalot.ClientLatency;

// Client delivery latency: see README.md next to this file. Every phase is bounded in count and time, and the whole run
// stops itself after --max-minutes.
LatencyOptions options;
try
{
    options = LatencyOptions.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

if (options.Summarize.Count > 0)
{
    Summary.Print(options.Summarize, options.Baseline, Console.Out);
    return 0;
}

using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(options.MaxMinutes));
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cts.Cancel();
};

var results = new Results { Label = options.Label, Machine = Results.MachineDescription(), LoadBefore = Results.LoadAverage() };
Console.Error.WriteLine($"Client latency ({options.Label}) on {results.Machine}; load average {results.LoadBefore}.");
var failed = false;
foreach (var store in options.Stores)
{
    try
    {
        await using var server = await ServerProcess.StartAsync(cts.Token);
        Console.Error.WriteLine($"== {store} stores: server pid {server.Pid} on {server.BaseAddress}, {options.Clients} clients");
        await using var swarm = await Swarm.CreateAsync(server.BaseAddress, store, options.Clients, cts.Token);
        foreach (var scenario in options.Scenarios)
        {
            await (scenario switch
            {
                "client-first" => Scenarios.FirstMessageAsync(swarm, options, store, results, cts.Token),
                _ => Scenarios.SteadyAsync(swarm, options, store, results, cts.Token),
            });
        }

        results.Undecryptable += swarm.Undecryptable;
    }
    catch (Exception ex)
    {
        failed = true;
        Console.Error.WriteLine($"  {store} failed: {ex}");
    }
}

results.LoadAfter = Results.LoadAverage();
await results.WriteAsync(options.Output);
Summary.Print([options.Output], options.Baseline, Console.Out);
Console.Error.WriteLine($"Results written to {Path.GetFullPath(options.Output)}");
return failed ? 1 : 0;
