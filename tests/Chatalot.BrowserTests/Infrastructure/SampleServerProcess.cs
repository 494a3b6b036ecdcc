using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Chatalot.BrowserTests.Infrastructure;

/// <summary>
/// The real sample server (samples/Chatalot.Samples.Server, serving the web client at /) started as a child process
/// on a free loopback port with a temporary data folder (SQLite), so a browser can reach it.
/// </summary>
public sealed class SampleServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _output = new();

    private SampleServerProcess(Process process, Uri baseUrl, string dataDirectory)
    {
        _process = process;
        BaseUrl = baseUrl;
        DataDirectory = dataDirectory;
    }

    public Uri BaseUrl { get; }

    public string DataDirectory { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// The setup code the test servers are preset with (<c>Chatalot__SetupCode</c>): <see cref="ChatPage.RegisterAsync"/>
    /// enters it when the form asks, so the first account of a server claims it and becomes owner.
    /// </summary>
    public const string SetupCode = "BROWSER-SETUP-CODE";

    /// <summary>Starts the sample server.</summary>
    /// <param name="registrationMode">The server's registration mode (<c>Open</c> for most tests, <c>InviteOnly</c> as the sample ships).</param>
    /// <param name="presetSetupCode">Whether to preset <see cref="SetupCode"/>; without it the server prints a random code in <see cref="Output"/>, as for a hoster.</param>
    /// <param name="environment">More configuration (<c>Chatalot__Section__Key</c> variables), applied last.</param>
    public static async Task<SampleServerProcess> StartAsync(string registrationMode = "Open", bool presetSetupCode = true, IReadOnlyDictionary<string, string>? environment = null)
    {
        // CHATALOT_TEST_SERVER_DLL points the tests at another build, e.g. a `dotnet publish` output (trimmed web client,
        // published service worker).
        var dll = Environment.GetEnvironmentVariable("CHATALOT_TEST_SERVER_DLL") is { Length: > 0 } custom
            ? custom
            : Path.Combine(RepoRoot(), "samples", "Chatalot.Samples.Server", "bin", Configuration(), "net10.0", "Chatalot.Samples.Server.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"Build the sample server first: {dll} is missing.");
        }

        var port = FreePort();
        var data = Directory.CreateTempSubdirectory("chatalot-browser-").FullName;
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Chatalot__DataDirectory"] = data;
        start.Environment["Chatalot__RegistrationMode"] = registrationMode;
        if (presetSetupCode)
        {
            start.Environment["Chatalot__SetupCode"] = SetupCode;
        }

        // Several accounts register from one address within seconds; the default auth limits are for the Internet.
        start.Environment["Chatalot__RateLimits__Enabled"] = "false";
        // Cheap password hashing: the tests measure the browser, not Argon2 on the server.
        start.Environment["Chatalot__Auth__Argon2MemoryKib"] = "8192";
        start.Environment["Chatalot__Auth__Argon2Iterations"] = "1";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        // GIFs from a stand-in Tenor on loopback (StandInGifProvider); link previews may reach loopback sites over http.
        var gifs = StandInGifProvider.Instance.BaseUrl;
        start.Environment["Chatalot__Gifs__Provider"] = "Tenor";
        start.Environment["Chatalot__Gifs__ApiKey"] = "stand-in-key";
        start.Environment["Chatalot__Gifs__BaseUrl"] = new Uri(gifs, "v2/").ToString();
        start.Environment["Chatalot__Gifs__MediaHosts__0"] = gifs.GetLeftPart(UriPartial.Authority);
        start.Environment["Chatalot__LinkPreviews__Enabled"] = "true";
        start.Environment["Chatalot__LinkPreviews__RequireHttps"] = "false";
        start.Environment["Chatalot__LinkPreviews__AllowedNetworks__0"] = "127.0.0.1/32";
        // The stand-in https site's certificate is the only one this server trusts (OpenSSL's trust-store override).
        start.Environment["SSL_CERT_FILE"] = StandInWebSite.Instance.CertificateFile;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the sample server.");
        var server = new SampleServerProcess(process, new Uri($"http://127.0.0.1:{port}/"), data);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = server.BaseUrl, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException("The sample server exited during start:\n" + server.Output);
            }

            try
            {
                if ((await http.GetAsync(new Uri("health/live", UriKind.Relative))).StatusCode == HttpStatusCode.OK)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        await server.DisposeAsync();
        throw new TimeoutException("The sample server did not become healthy:\n" + server.Output);
    }

    /// <summary>Every byte the server keeps on disk (database, WAL, keys), for the no-plaintext check.</summary>
    public IEnumerable<(string File, byte[] Bytes)> ReadDataFiles()
    {
        foreach (var file in Directory.EnumerateFiles(DataDirectory, "*", SearchOption.AllDirectories))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            yield return (file, copy.ToArray());
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Chatalot.Sdk.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }

    private static string Configuration() =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
