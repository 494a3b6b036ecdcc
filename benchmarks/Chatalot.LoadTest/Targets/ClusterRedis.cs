using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace Chatalot.LoadTest.Targets;

/// <summary>
/// The Redis a multi-node run's nodes share: the one given by <c>--redis</c> (or <c>$CHATALOT_TEST_REDIS</c>), else a
/// private <c>redis-server</c> on a free loopback port without persistence, which the tool stops (by its pid) when the run
/// ends. Each cluster uses its own key prefix, so a shared Redis is fine. Only the own server's CPU can be measured.
/// </summary>
public sealed class ClusterRedis : IAsyncDisposable
{
    private readonly Process? _process;

    private ClusterRedis(string configuration, Process? process)
    {
        Configuration = configuration;
        _process = process;
    }

    /// <summary>The StackExchange.Redis configuration string the nodes get (may hold a password: never print it).</summary>
    public string Configuration { get; }

    /// <summary>The pid of the Redis the tool started itself; null when it uses a given one.</summary>
    public int? Pid => _process?.Id;

    public static async Task<ClusterRedis> StartOrUseAsync(string? configured, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            Console.Error.WriteLine("  using the given Redis (--redis or CHATALOT_TEST_REDIS); its CPU is not measured.");
            return new ClusterRedis(configured, null);
        }

        var port = ServerProcess.FreePort();
        var start = new ProcessStartInfo("redis-server", ["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("redis-server could not be started.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("Multi-node runs need Redis: pass --redis host:port, set CHATALOT_TEST_REDIS, or install redis-server (eng/test-services.sh does).", ex);
        }

        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var redis = new ClusterRedis($"127.0.0.1:{port}", process);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port, cancellationToken);
                Console.Error.WriteLine($"  started redis-server as pid {process.Id} on 127.0.0.1:{port}");
                return redis;
            }
            catch (SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(10) && !process.HasExited)
            {
                await Task.Delay(20, cancellationToken);
            }
            catch
            {
                await redis.DisposeAsync();
                throw;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is null)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
