using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Chatalot.ClientLatency;

/// <summary>
/// The sample server as its own process on a free loopback port (as the load tool runs it), with request rate limits
/// lifted: ten clients from one address would otherwise measure the limiter. Disposing kills exactly this process.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _workDir;

    private ServerProcess(Process process, int port, string workDir)
    {
        _process = process;
        _workDir = workDir;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
    }

    public Uri BaseAddress { get; }

    public int Pid => _process.Id;

    public static async Task<ServerProcess> StartAsync(CancellationToken cancellationToken)
    {
        var dll = ServerDll();
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"Server assembly not found: {dll}. Build this tool first (it builds the server).", dll);
        }

        var port = FreePort();
        var workDir = Directory.CreateTempSubdirectory("chatalot-latency-").FullName;
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[]
        {
            dll, "--urls", $"http://127.0.0.1:{port}",
            "--Chatalot:DataDirectory=data",
            "--Chatalot:RegistrationMode=Open",
            // Whichever account registers first claims the fresh server with the preset setup code.
            "--Chatalot:SetupCode=BENCHMARK-SETUP-CODE",
            "--Chatalot:RateLimits:Enabled=false",
            "--Chatalot:Gateway:RateLimitPerSecond=1000000",
            "--Chatalot:Gateway:RateLimitBurst=1000000",
            "--Logging:LogLevel:Default=Warning",
        })
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        psi.Environment["DOTNET_gcServer"] = "0";
        var process = Process.Start(psi) ?? throw new InvalidOperationException("Could not start " + dll);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (!string.IsNullOrEmpty(e.Data))
            {
                Console.Error.WriteLine($"  [server] {e.Data}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, port, workDir);
        try
        {
            await server.WaitHealthyAsync(cancellationToken);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    private async Task WaitHealthyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var started = Stopwatch.StartNew();
        while (started.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Server exited during start-up with code {_process.ExitCode}.");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("health/live", UriKind.Relative), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException("Server did not become healthy within 60 s.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The sample server this tool's project reference built, next to it in the repository.</summary>
    private static string ServerDll()
    {
        var bin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = bin.Parent?.Name ?? "Release";
        for (var dir = bin; dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Chatalot.Sdk.sln")))
            {
                return Path.Combine(dir.FullName, "samples", "Chatalot.Samples.Server", "bin", configuration, "net10.0", "Chatalot.Samples.Server.dll");
            }
        }

        throw new InvalidOperationException("Run the tool from its build output inside the repository.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_workDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
