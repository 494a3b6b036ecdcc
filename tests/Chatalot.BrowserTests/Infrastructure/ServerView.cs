using Chatalot.Client;
using Chatalot.Protocol.Accounts;

namespace Chatalot.BrowserTests.Infrastructure;

/// <summary>What the server itself says about an account, read over its REST API with the client SDK (never through the page).</summary>
public static class ServerView
{
    /// <summary>The device ids the server lists for <paramref name="username"/>.</summary>
    public static async Task<IReadOnlyList<int>> DevicesOfAsync(Uri server, string username, string password = "password-1234")
    {
        await using var client = new ChatalotClient(new ChatalotClientOptions { ServerUrl = server, DeviceName = "browser test observer" });
        var auth = await client.Rest.LoginAsync(new LoginRequest(username, password, "browser test observer"), CancellationToken.None);
        var devices = await client.Rest.GetDevicesAsync(new UserId(auth.User.Id), CancellationToken.None);
        return [.. devices.Select(d => d.DeviceId)];
    }
}
