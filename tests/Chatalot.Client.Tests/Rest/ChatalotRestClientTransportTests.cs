using System.Net;
using System.Net.Sockets;
using Chatalot.Client.Rest;

namespace Chatalot.Client.Tests.Rest;

public class ChatalotRestClientTransportTests
{
    [Fact]
    public async Task Request_ToAPortNobodyListensOn_IsATypedServerUnreachableError()
    {
        using var http = new HttpClient();
        using var rest = new ChatalotRestClient(http, new Uri($"http://127.0.0.1:{FreePort()}/"));

        var error = await Assert.ThrowsAsync<ChatalotConnectionException>(() => rest.GetServerInfoAsync());

        Assert.Equal(ClientErrorCodes.ServerUnreachable, error.Code);
        Assert.IsType<HttpRequestException>(error.InnerException);
    }

    [Fact]
    public async Task Request_CancelledByTheCaller_StaysACancellation()
    {
        using var http = new HttpClient();
        using var rest = new ChatalotRestClient(http, new Uri($"http://127.0.0.1:{FreePort()}/"));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => rest.GetServerInfoAsync(cancelled.Token));
    }

    /// <summary>A loopback port that was free a moment ago: bound, read, released.</summary>
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
