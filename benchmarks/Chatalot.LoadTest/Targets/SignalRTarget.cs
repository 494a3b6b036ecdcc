namespace Chatalot.LoadTest.Targets;

/// <summary>The SignalR baseline (benchmarks/Chatalot.SignalRBaseline) as a load target: channels are hub groups.</summary>
public sealed class SignalRTarget : ILoadTarget
{
    private readonly ServerProcess _server;

    private SignalRTarget(ServerProcess server) => _server = server;

    public IReadOnlyList<ServerProcess> Servers => [_server];

    public string Name => "signalr";

    public bool Durable => false;

    public static async Task<SignalRTarget> StartAsync(LoadOptions options, CancellationToken cancellationToken)
    {
        string[] args = ["--Baseline:ClientTimeoutSeconds=600", "--Logging:LogLevel:Default=Warning"];
        var server = await ServerProcess.StartAsync(BuildOutput.ServerDll("Chatalot.SignalRBaseline"), args, options, cancellationToken);
        return new SignalRTarget(server);
    }

    public Task PrepareAsync(int channels, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<LoadConnection> ConnectAsync(int index, CancellationToken cancellationToken) =>
        await SignalRConnection.ConnectAsync(new Uri($"ws://127.0.0.1:{_server.Port}/hub"), index, cancellationToken);

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
