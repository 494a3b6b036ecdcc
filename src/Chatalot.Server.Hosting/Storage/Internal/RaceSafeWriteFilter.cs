using Chatalot.Protocol;
using Chatalot.Server.Hosting.Errors.Internal;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Chatalot.Server.Hosting.Storage.Internal;

/// <summary>
/// Makes every mutating route safe to retry and safe to race, in one place: when a request loses a race on a unique
/// key (two identical PUTs, two joins, two first publishes), its writes are discarded and the whole handler runs
/// again. The second run reads what the winner wrote and takes the route's ordinary path for an existing resource:
/// an idempotent success, or the route's own typed 409. Read-then-insert code therefore needs no try/catch of its own.
/// </summary>
internal sealed class RaceSafeWriteFilter : IEndpointFilter
{
    /// <summary>Runs of one request; a third loss in a row means sustained contention, answered as a typed 409.</summary>
    private const int MaxAttempts = 3;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var method = http.Request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method))
        {
            return await next(context).ConfigureAwait(false);
        }

        // A rerun reads the body again. Bodies are capped at ChatalotLimits.RequestBodyMaxBytes, so they are buffered in
        // memory up to that cap (the default threshold of 30 KiB would spill larger envelopes to a temporary file).
        http.Request.EnableBuffering(ChatalotLimits.RequestBodyMaxBytes);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await next(context).ConfigureAwait(false);
            }
            catch (Exception ex) when (WriteConflict.IsRace(ex))
            {
                if (attempt == MaxAttempts)
                {
                    throw Fail.Conflict("Concurrent requests kept changing this resource; retry.");
                }

                http.RequestServices.GetRequiredService<ChatalotDbContext>().ChangeTracker.Clear();
                http.Request.Body.Position = 0;
            }
        }
    }
}
