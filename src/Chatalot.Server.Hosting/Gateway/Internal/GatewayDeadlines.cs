using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Chatalot.Server.Hosting.Gateway.Internal;

/// <summary>
/// Enforces the authentication and heartbeat timeouts of every connection with one timer for the whole node, instead of
/// a timer, a linked cancellation source and a <c>WhenAny</c> per pending receive: idle connections then cost no timer,
/// and a receive is a plain socket read. A deadline is enforced up to a quarter of the shortest timeout late.
/// </summary>
internal sealed class GatewayDeadlines : IDisposable
{
    private readonly ConcurrentDictionary<GatewayConnection, byte> _watched = new();
    private readonly TimeProvider _time;
    private readonly ITimer _timer;

    public GatewayDeadlines(IOptions<ChatalotServerOptions> options, TimeProvider time)
    {
        var gateway = options.Value.Gateway;
        var shortest = TimeSpan.FromTicks(Math.Min(gateway.AuthenticationTimeout.Ticks, gateway.HeartbeatInterval.Ticks * 2));
        var period = TimeSpan.FromMilliseconds(Math.Clamp(shortest.TotalMilliseconds / 4, 20, 1_000));
        _time = time;
        _timer = time.CreateTimer(_ => Sweep(), null, period, period);
    }

    public void Watch(GatewayConnection connection) => _watched.TryAdd(connection, 0);

    public void Unwatch(GatewayConnection connection) => _watched.TryRemove(connection, out _);

    public void Dispose() => _timer.Dispose();

    private void Sweep()
    {
        var now = _time.GetTimestamp();
        foreach (var (connection, _) in _watched)
        {
            connection.CloseIfOverdue(now);
        }
    }
}
