using Chatalot.Server.Hosting.Voice.Internal;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Chatalot.Server.Hosting.ScaleOut.Internal;

/// <summary>
/// Every few seconds, ends the voice joins of nodes whose heartbeat is gone (<see cref="PresenceHeartbeat"/>): a node that
/// dies takes its grace timers with it, and its users' seats would otherwise stay in the call forever. Every node runs
/// it; the voice lock makes concurrent sweeps harmless.
/// </summary>
internal sealed partial class VoiceOrphanSweep(VoiceTracker tracker, TimeProvider time, ILogger<VoiceOrphanSweep> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await tracker.RemoveOrphanedSeatsAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A failed sweep (Redis down) is retried at the next tick.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogSweepFailed(logger, ex.Message);
            }
        }
    }

    [LoggerMessage(EventId = 2631, Level = LogLevel.Warning, Message = "Sweeping the voice seats of departed nodes failed: {Reason}")]
    private static partial void LogSweepFailed(ILogger logger, string reason);
}
