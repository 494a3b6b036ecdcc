using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Gateway;

namespace Chatalot.IntegrationTests.Server.ScaleOut;

/// <summary>Waits for a condition that other nodes make true in their own time.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string? what = null, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting" + (what is null ? "" : " for " + what));
            await Task.Delay(20);
        }
    }

    public static async Task TrueAsync(Func<Task<bool>> condition, string? what = null, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting" + (what is null ? "" : " for " + what));
            await Task.Delay(20);
        }
    }
}

/// <summary>Reading a gateway client's frames while keeping them, to check what came before a positive event.</summary>
internal static class Frames
{
    public static async Task<T> WaitCollectingAsync<T>(GatewayClient client, Func<T, bool> match, List<ServerFrame> seen)
        where T : ServerFrame
    {
        while (true)
        {
            var frame = await client.ReceiveAsync();
            Assert.NotNull(frame);
            seen.Add(frame);
            if (frame is T t && match(t))
            {
                return t;
            }
        }
    }
}
