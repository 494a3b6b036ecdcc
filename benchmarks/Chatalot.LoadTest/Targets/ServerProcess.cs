using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Chatalot.LoadTest.Measurement;

namespace Chatalot.LoadTest.Targets;

/// <summary>
/// A server under test, started as its own process on a free loopback port so that its CPU and memory are measured
/// apart from the load generator's. Disposing kills exactly this process (by its id) and deletes its data folder.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(180);

    private readonly Process _process;

    private ServerProcess(Process process, int port, string workDir)
    {
        _process = process;
        Port = port;
        WorkDir = workDir;
    }

    public int Port { get; }

    public string WorkDir { get; }

    public int Pid => _process.Id;

    public Uri HttpBase => new($"http://127.0.0.1:{Port}/");

    public long ResidentBytes => ProcessStats.ResidentBytes(Pid);

    public double CpuSeconds => ProcessStats.CpuSeconds(Pid);

    public static Task<ServerProcess> StartAsync(string dll, IReadOnlyList<string> args, LoadOptions options, CancellationToken cancellationToken) =>
        StartAsync(new ServerStart(dll, args), options, cancellationToken);

    public static async Task<ServerProcess> StartAsync(ServerStart start, LoadOptions options, CancellationToken cancellationToken)
    {
        var dll = start.Dll;
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"Server assembly not found: {dll}. Build the load tool first (it builds the servers).", dll);
        }

        var port = FreePort();
        var workDir = Directory.CreateTempSubdirectory("chatalot-load-").FullName;
        foreach (var (path, content) in start.Files)
        {
            var file = Path.Combine(workDir, path);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await File.WriteAllTextAsync(file, content, cancellationToken);
        }

        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(dll);
        psi.ArgumentList.Add("--urls");
        psi.ArgumentList.Add($"http://127.0.0.1:{port}");
        foreach (var a in start.Arguments)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["DOTNET_gcServer"] = options.ServerGc ? "1" : "0";
        foreach (var pair in options.ServerEnvironment)
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            psi.Environment[pair[..eq]] = pair[(eq + 1)..];
        }

        foreach (var (key, value) in start.Environment)
        {
            psi.Environment[key] = value;
        }

        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(psi) ?? throw new InvalidOperationException("Could not start " + dll);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (!string.IsNullOrEmpty(e.Data))
            {
                Console.Error.WriteLine($"  [server {start.Label}] {e.Data}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, port, workDir);
        try
        {
            await server.WaitHealthyAsync(start.HealthPath, cancellationToken);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        Console.Error.WriteLine($"  started {start.Label} as pid {process.Id} on 127.0.0.1:{port}");
        return server;
    }

    private async Task WaitHealthyAsync(string healthPath, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = HttpBase, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        // Generous: on a shared 2-core machine several nodes JIT-compiling and migrating at once can take a minute.
        while (deadline.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Server exited during start-up with code {_process.ExitCode}.");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(healthPath, UriKind.Relative), cancellationToken);
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

        throw new TimeoutException($"Server did not answer {healthPath} within {StartTimeout.TotalSeconds:N0} s.");
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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
            Directory.Delete(WorkDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
