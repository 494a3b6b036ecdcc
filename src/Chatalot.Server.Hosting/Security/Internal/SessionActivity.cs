using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Chatalot.Server.Hosting.Security.Internal;

/// <summary>
/// Keeps a session's "last seen" (time and address) current on gateway connects, writing at most once a minute per
/// session unless the address changed, so a reconnect storm is not a write storm.
/// </summary>
internal static class SessionActivity
{
    public static readonly TimeSpan Resolution = TimeSpan.FromMinutes(1);

    public static async Task TouchAsync(IServiceProvider services, Guid sessionId, string? address)
    {
        var db = services.GetRequiredService<ChatalotDbContext>();
        var now = services.GetRequiredService<Clock>().UtcNow;
        var stale = now - Resolution;
        address = Truncate(address);
        await db.Sessions.Where(s => s.Id == sessionId && (s.LastUsedAt < stale || s.LastAddress != address))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastUsedAt, now).SetProperty(x => x.LastAddress, address)).ConfigureAwait(false);
    }

    public static string? Truncate(string? address) => address is { Length: > 64 } ? address[..64] : address;
}
