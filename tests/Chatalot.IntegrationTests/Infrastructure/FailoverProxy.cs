using System.Net;
using System.Net.Sockets;

namespace Chatalot.IntegrationTests.Infrastructure;

/// <summary>
/// A loopback TCP front for a client, as a load balancer in front of a cluster: each new connection goes to the first
/// backend, in the given order, that accepts it. When a backend dies its connections drop (a reset, both ways) and the
/// client's reconnects land on the next live one, which is how an SDK that knows one server URL fails over.
/// </summary>
public sealed class FailoverProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IReadOnlyList<IPEndPoint> _backends;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    /// <param name="backends">Server URLs, the preferred first.</param>
    public FailoverProxy(IEnumerable<Uri> backends)
    {
        _backends = [.. backends.Select(b => new IPEndPoint(IPAddress.Loopback, b.Port))];
        _listener.Start();
        Address = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    /// <summary>The proxy's address, to use as the client's server URL.</summary>
    public Uri Address { get; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            _ = Task.Run(() => RelayAsync(client));
        }
    }

    private async Task RelayAsync(Socket client)
    {
        using var _ = client;
        using var server = await ConnectToFirstLiveAsync();
        if (server is null)
        {
            Reset(client);
            return;
        }

        var up = PumpAsync(client, server);
        var down = PumpAsync(server, client);
        if (!await await Task.WhenAny(up, down))
        {
            // A reset on one side is passed on as a reset, as a real balancer's would; a graceful end was already passed on.
            Reset(client);
            Reset(server);
        }

        await Task.WhenAll(up, down);
    }

    private async Task<Socket?> ConnectToFirstLiveAsync()
    {
        foreach (var backend in _backends)
        {
            var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await server.ConnectAsync(backend, _stop.Token);
                return server;
            }
            catch (SocketException)
            {
                server.Dispose();
            }
            catch (OperationCanceledException)
            {
                server.Dispose();
                return null;
            }
        }

        return null;
    }

    /// <returns>Whether <paramref name="from"/> ended gracefully (its end passed on as a half close).</returns>
    private async Task<bool> PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return true;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
            }
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            return false;
        }
    }

    private static void Reset(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
