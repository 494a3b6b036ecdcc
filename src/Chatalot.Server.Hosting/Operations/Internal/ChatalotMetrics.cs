using System.Diagnostics.Metrics;

namespace Chatalot.Server.Hosting.Operations.Internal;

/// <summary>The server's instruments, on the meter <c>Chatalot.Server</c>.</summary>
internal sealed class ChatalotMetrics
{
    public const string MeterName = "Chatalot.Server";

    private readonly UpDownCounter<long> _connections;
    private readonly Counter<long> _messages;
    private readonly Counter<long> _framesSent;
    private readonly Counter<long> _slowConsumers;
    private readonly Histogram<double> _fanOutLatency;
    private readonly Histogram<int> _messageBatch;
    private readonly Counter<long> _backplanePublishFailures;
    private readonly Counter<long> _resyncs;

    public ChatalotMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _connections = meter.CreateUpDownCounter<long>("chatalot.gateway.connections", "{connection}", "Open gateway connections.");
        _messages = meter.CreateCounter<long>("chatalot.messages.stored", "{message}", "Messages durably stored.");
        _framesSent = meter.CreateCounter<long>("chatalot.gateway.frames_sent", "{frame}", "Frames queued to gateway connections.");
        _slowConsumers = meter.CreateCounter<long>("chatalot.gateway.slow_consumers", "{connection}", "Connections closed because their outbound queue overflowed.");
        _messageBatch = meter.CreateHistogram<int>("chatalot.messages.write_batch", "{message}", "Messages committed together by one group commit.");
        _backplanePublishFailures = meter.CreateCounter<long>("chatalot.backplane.publish_failures", "{message}", "Messages this node could not publish to the other nodes (Redis unreachable); each leads to a cluster resync.");
        _resyncs = meter.CreateCounter<long>("chatalot.backplane.resyncs", "{resync}", "Times this node made its gateway sessions catch up because cluster messages may have been lost.");
        _fanOutLatency = meter.CreateHistogram<double>("chatalot.gateway.fanout.duration", "ms", "Time from publishing an event to queuing it on every local recipient.");
    }

    public void ConnectionOpened() => _connections.Add(1);

    public void ConnectionClosed() => _connections.Add(-1);

    public void MessageStored() => _messages.Add(1);

    public void MessageBatchWritten(int count) => _messageBatch.Record(count);

    public void FramesSent(int count) => _framesSent.Add(count);

    public void SlowConsumer() => _slowConsumers.Add(1);

    public void BackplanePublishFailed() => _backplanePublishFailures.Add(1);

    public void Resynced() => _resyncs.Add(1);

    public void FanOut(TimeSpan elapsed) => _fanOutLatency.Record(elapsed.TotalMilliseconds);
}
