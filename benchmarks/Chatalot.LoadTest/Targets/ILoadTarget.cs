namespace Chatalot.LoadTest.Targets;

/// <summary>A server the scenarios can drive: started fresh per scenario, prepared with channels, then connected to.</summary>
public interface ILoadTarget : IAsyncDisposable
{
    /// <summary>Short name used in tables and JSON (<c>chatalot</c>, <c>signalr</c>, ...).</summary>
    string Name { get; }

    /// <summary>The running server processes (one, or a cluster's nodes), for CPU and memory.</summary>
    IReadOnlyList<ServerProcess> Servers { get; }

    /// <summary>Whether a send is acknowledged only after a durable write.</summary>
    bool Durable { get; }

    /// <summary>Creates <paramref name="channels"/> channels every connection may join.</summary>
    Task PrepareAsync(int channels, CancellationToken cancellationToken);

    /// <summary>Opens connection <paramref name="index"/> and authenticates it (ready to subscribe).</summary>
    Task<LoadConnection> ConnectAsync(int index, CancellationToken cancellationToken);
}

/// <summary>Server figures summed over a target's processes (a cluster's nodes count together).</summary>
public static class LoadTargetStats
{
    public static double ServerCpuSeconds(this ILoadTarget target) => target.Servers.Sum(s => s.CpuSeconds);

    public static long ServerResidentBytes(this ILoadTarget target) => target.Servers.Sum(s => s.ResidentBytes);
}
