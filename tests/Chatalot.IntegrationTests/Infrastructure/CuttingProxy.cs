using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Chatalot.IntegrationTests.Infrastructure;

/// <summary>
/// A loopback TCP proxy in front of the test server that can cut one connection for real (a TCP reset, both ways): the
/// connection carrying the next request whose line starts with a given prefix (say <c>PATCH /api/v1/uploads/</c>) is cut
/// once that many bytes went up after it, or once that many bytes of its answer came down. Every later connection goes
/// through untouched, as a network that drops once and recovers. It can also stall one instead: the bytes stop coming
/// while the connection stays open, as a network that silently stops delivering.
/// </summary>
public sealed class CuttingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly Lock _gate = new();
    private Rule? _rule;
    private int _cuts;
    private int _stalls;

    public CuttingProxy(Uri target)
    {
        _target = new IPEndPoint(IPAddress.Parse(target.Host == "localhost" ? "127.0.0.1" : target.Host), target.Port);
        _listener.Start();
        Address = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    /// <summary>The proxy's address, to use as a server URL.</summary>
    public Uri Address { get; }

    /// <summary>How many connections were cut.</summary>
    public int Cuts => Volatile.Read(ref _cuts);

    /// <summary>How many connections were stalled.</summary>
    public int Stalls => Volatile.Read(ref _stalls);

    /// <summary>Cuts the next connection that sends a request starting with <paramref name="requestPrefix"/> after <paramref name="bytes"/> more bytes up.</summary>
    public void CutRequestAfter(string requestPrefix, long bytes) => Arm(new Rule(Encoding.ASCII.GetBytes(requestPrefix), bytes, Upstream: true));

    /// <summary>Cuts the next connection that sends a request starting with <paramref name="requestPrefix"/> after <paramref name="bytes"/> bytes of answer came down.</summary>
    public void CutResponseAfter(string requestPrefix, long bytes) => Arm(new Rule(Encoding.ASCII.GetBytes(requestPrefix), bytes, Upstream: false));

    /// <summary>
    /// Stalls the next connection that sends a request starting with <paramref name="requestPrefix"/> after <paramref name="bytes"/>
    /// bytes of answer came down: nothing more comes down, and the connection stays open until the client gives it up.
    /// </summary>
    public void StallResponseAfter(string requestPrefix, long bytes) => Arm(new Rule(Encoding.ASCII.GetBytes(requestPrefix), bytes, Upstream: false, Stall: true));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private void Arm(Rule rule)
    {
        lock (_gate)
        {
            _rule = rule;
        }
    }

    /// <summary>Claims the armed rule for one connection: only one connection is ever cut per arming.</summary>
    private Rule? Claim()
    {
        lock (_gate)
        {
            var rule = _rule;
            _rule = null;
            return rule;
        }
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
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var _ = client;
        try
        {
            await server.ConnectAsync(_target, _stop.Token);
        }
        catch (Exception)
        {
            return;
        }

        var connection = new Connection(this, client, server);
        await Task.WhenAll(connection.PumpAsync(client, server, upstream: true), connection.PumpAsync(server, client, upstream: false));
    }

    private sealed record Rule(byte[] Prefix, long Bytes, bool Upstream, bool Stall = false);

    private sealed class Connection(CuttingProxy proxy, Socket client, Socket server)
    {
        private readonly byte[] _tail = new byte[256];
        private int _tailLength;
        private Rule? _rule;
        private long _counted;
        private bool _triggered;
        private volatile bool _cut;
        private int _reported;
        private readonly TaskCompletionSource _clientGone = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task PumpAsync(Socket from, Socket to, bool upstream)
        {
            var buffer = new byte[64 * 1024];
            try
            {
                while (!_cut)
                {
                    var read = await from.ReceiveAsync(buffer, SocketFlags.None, proxy._stop.Token);
                    if (read == 0)
                    {
                        to.Shutdown(SocketShutdown.Send);
                        return;
                    }

                    var forward = Inspect(buffer.AsSpan(0, read), upstream);
                    if (forward > 0)
                    {
                        await to.SendAsync(buffer.AsMemory(0, forward), SocketFlags.None, proxy._stop.Token);
                    }

                    if ((forward < read || _cut) && _rule is { Stall: true })
                    {
                        // Hold the connection open, delivering nothing, until the client gives up on it.
                        Interlocked.Increment(ref proxy._stalls);
                        await _clientGone.Task.WaitAsync(proxy._stop.Token);
                        Cut();
                        return;
                    }

                    if (forward < read || _cut)
                    {
                        Cut();
                        return;
                    }
                }
            }
            catch (Exception)
            {
                Cut();
            }
            finally
            {
                if (upstream)
                {
                    _clientGone.TrySetResult();
                }
            }
        }

        /// <summary>How many of these bytes to forward before cutting (all of them when no cut is due).</summary>
        private int Inspect(ReadOnlySpan<byte> data, bool upstream)
        {
            lock (this)
            {
                if (upstream && !_triggered && _rule is null)
                {
                    var start = FindPrefix(data);
                    if (start >= 0 && proxy.Claim() is { } rule)
                    {
                        _rule = rule;
                        _triggered = true;
                        if (rule.Upstream)
                        {
                            // Count from the end of the request line's prefix on.
                            return CountUp(data.Length - start, data.Length);
                        }

                        return data.Length;
                    }
                }

                if (_rule is { } armed && armed.Upstream == upstream)
                {
                    return CountUp(data.Length, data.Length);
                }

                return data.Length;
            }
        }

        private int CountUp(int counted, int length)
        {
            var left = _rule!.Bytes - _counted;
            if (counted <= left)
            {
                _counted += counted;
                return length;
            }

            _cut = true;
            return length - counted + (int)left;
        }

        private int FindPrefix(ReadOnlySpan<byte> data)
        {
            // The prefix may straddle two reads: search the previous read's tail joined to this read's head.
            var rule = proxy._rule;
            if (rule is null)
            {
                return -1;
            }

            var at = data.IndexOf(rule.Prefix);
            if (at < 0 && _tailLength > 0)
            {
                var joined = new byte[_tailLength + Math.Min(data.Length, rule.Prefix.Length)];
                _tail.AsSpan(0, _tailLength).CopyTo(joined);
                data[..Math.Min(data.Length, rule.Prefix.Length)].CopyTo(joined.AsSpan(_tailLength));
                var straddle = joined.AsSpan().IndexOf(rule.Prefix);
                at = straddle >= 0 ? 0 : -1;
            }

            var keep = Math.Min(data.Length, Math.Min(_tail.Length, rule.Prefix.Length - 1));
            data[^keep..].CopyTo(_tail);
            _tailLength = keep;
            return at;
        }

        private void Cut()
        {
            if (_cut && Interlocked.Exchange(ref _reported, 1) == 0)
            {
                Interlocked.Increment(ref proxy._cuts);
            }

            _cut = true;
            foreach (var socket in new[] { client, server })
            {
                try
                {
                    // A reset, not a graceful close: what a dropped network looks like to both ends.
                    socket.LingerState = new LingerOption(true, 0);
                    socket.Close();
                }
                catch (ObjectDisposedException)
                {
                }
            }
        }
    }
}
