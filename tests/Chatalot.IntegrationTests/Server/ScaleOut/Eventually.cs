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
