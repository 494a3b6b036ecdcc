using System.Diagnostics.Metrics;

namespace Chatalot.Client.Diagnostics;

/// <summary>
/// The client's instruments, on the meter <see cref="MeterName"/>. Created through <see cref="IMeterFactory"/> when the
/// host provides one (so meters are scoped to the container), otherwise owned and disposed with the client.
/// </summary>
internal sealed class ClientMetrics : IDisposable
{
    public const string MeterName = "Chatalot.Client";

    private readonly Meter _meter;
    private readonly bool _ownsMeter;

    public ClientMetrics(IMeterFactory? meterFactory = null)
    {
        if (meterFactory is null)
        {
            _meter = new Meter(MeterName);
            _ownsMeter = true;
        }
        else
        {
            _meter = meterFactory.Create(MeterName);
        }

        EventsPublished = _meter.CreateCounter<long>("chatalot.client.events.published", "{event}", "Events handed to the event hub.");
        HandlerErrors = _meter.CreateCounter<long>("chatalot.client.events.handler_errors", "{error}", "Event handlers that threw.");
        EventsDropped = _meter.CreateCounter<long>("chatalot.client.events.dropped", "{event}", "Events dropped by full event streams.");
        HandlerDuration = _meter.CreateHistogram<double>("chatalot.client.events.handler_duration", "s", "Time spent in event handlers.");
        ReconnectAttempts = _meter.CreateCounter<long>("chatalot.client.reconnect.attempts", "{attempt}", "Gateway reconnect attempts.");
    }

    public Counter<long> EventsPublished { get; }

    public Counter<long> HandlerErrors { get; }

    public Counter<long> EventsDropped { get; }

    public Histogram<double> HandlerDuration { get; }

    public Counter<long> ReconnectAttempts { get; }

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
