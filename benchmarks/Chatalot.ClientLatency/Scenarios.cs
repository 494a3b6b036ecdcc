using System.Diagnostics;
using Chatalot.Client;
using Chatalot.Protocol.Channels;

namespace Chatalot.ClientLatency;

/// <summary>The two measurements; each adds its samples (milliseconds) under "scenario/store/metric" keys.</summary>
public static class Scenarios
{
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(15);

    /// <summary>
    /// client-first: client 0 creates a channel in the group over REST and at once sends its first message there; the
    /// other members learn of the channel from the gateway while the message is on its way.
    /// </summary>
    public static async Task FirstMessageAsync(Swarm swarm, LatencyOptions options, string store, Results results, CancellationToken cancellationToken)
    {
        var key = $"client-first/{store}";
        for (var k = 0; k < options.Channels; k++)
        {
            var channel = await swarm.Clients[0].Rest.CreateChannelAsync(swarm.Group, new CreateChannelRequest($"bench-{k}"), cancellationToken);
            var probe = swarm.Expect($"first {k} {Guid.NewGuid():N}", sender: 0);
            await swarm.SendAsync(0, new ChannelId(channel.Id), probe, cancellationToken);
            await Swarm.WaitAsync(probe, DeliveryTimeout, cancellationToken);
            results.Add($"{key}/send-call", probe.SendCall());
            if (probe.Last() is { } last)
            {
                results.Add($"{key}/last-of-{swarm.Clients.Count - 1}", last);
                results.AddRange($"{key}/delivery", probe.Deliveries());
            }
            else
            {
                results.Count($"{key}/missing");
            }

            Console.Error.WriteLine($"  {key} #{k}: send {probe.SendCall():F1} ms, last {(probe.Last() is { } l ? l.ToString("F1", System.Globalization.CultureInfo.InvariantCulture) + " ms" : "MISSING")}");
            await Task.Delay(options.PauseMs, cancellationToken);
        }
    }

    /// <summary>
    /// client-steady in #general: sequential (each message received by all before the next) and pipelined (sends one after
    /// another without waiting for anyone to receive them).
    /// </summary>
    public static async Task SteadyAsync(Swarm swarm, LatencyOptions options, string store, Results results, CancellationToken cancellationToken)
    {
        var key = $"client-steady/{store}";
        for (var n = 0; n < options.Steady; n++)
        {
            var probe = swarm.Expect($"steady {n} {Guid.NewGuid():N}", sender: 0);
            await swarm.SendAsync(0, swarm.General, probe, cancellationToken);
            await Swarm.WaitAsync(probe, DeliveryTimeout, cancellationToken);
            results.Add($"{key}/sequential/send-call", probe.SendCall());
            results.AddRange($"{key}/sequential/delivery", probe.Deliveries());
            if (probe.Last() is { } last)
            {
                results.Add($"{key}/sequential/last-of-{swarm.Clients.Count - 1}", last);
            }
            else
            {
                results.Count($"{key}/sequential/missing");
            }
        }

        await Task.Delay(options.PauseMs, cancellationToken);
        var probes = new List<Probe>(options.Pipelined);
        var started = Stopwatch.GetTimestamp();
        for (var n = 0; n < options.Pipelined; n++)
        {
            var probe = swarm.Expect($"pipelined {n} {Guid.NewGuid():N}", sender: 0);
            probes.Add(probe);
            await swarm.SendAsync(0, swarm.General, probe, cancellationToken);
        }

        var sent = Stopwatch.GetTimestamp();
        foreach (var probe in probes)
        {
            await Swarm.WaitAsync(probe, DeliveryTimeout, cancellationToken);
        }

        var received = Stopwatch.GetTimestamp();
        foreach (var probe in probes)
        {
            results.AddRange($"{key}/pipelined/delivery", probe.Deliveries());
            if (probe.Last() is { } last)
            {
                results.Add($"{key}/pipelined/last-of-{swarm.Clients.Count - 1}", last);
            }
            else
            {
                results.Count($"{key}/pipelined/missing");
            }
        }

        results.Add($"{key}/pipelined/send-loop-msgs-per-s", options.Pipelined / (Probe.Milliseconds(started, sent) / 1000));
        results.Add($"{key}/pipelined/delivered-msgs-per-s", options.Pipelined / (Probe.Milliseconds(started, received) / 1000));
        Console.Error.WriteLine($"  {key}: sequential and {options.Pipelined} pipelined sends done");
    }
}
