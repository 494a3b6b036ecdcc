using System.Collections.Concurrent;
using System.Net;
using Chatalot.Client.Gateway.Internal;
using Chatalot.Client.Rest;
using Chatalot.Protocol;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Gateway;
using Chatalot.Protocol.Messages;
using Chatalot.Protocol.ToDevice;

namespace Chatalot.Client.Messages.Internal;

/// <summary>
/// Sends the client's writes over the gateway while it is connected — pipelined (a send does not wait for the previous
/// reply) and matched to replies by request id — and over REST while it is not. Every write is idempotent, so one cut
/// off by a dropped connection is simply sent again over whichever path is up.
/// </summary>
internal sealed class ClientTransport(ChatalotRestClient rest, DeviceId device, Func<GatewayClient?> gateway, TimeProvider time) : IClientTransport
{
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(30);
    private const int RateLimitRetries = 3;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<ServerFrame>> _pending = new(StringComparer.Ordinal);

    public async Task<Message> SendMessageAsync(ChannelId channel, SendMessageRequest request, CancellationToken cancellationToken) =>
        await (await BeginSendMessageAsync(channel, request, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);

    /// <summary>
    /// Writes a send and returns once it is on its way (the outer task), with the stored message to come (the inner
    /// task): a channel's sends can then be pipelined in chain order without waiting for each commit.
    /// </summary>
    public Task<Task<Message>> BeginSendMessageAsync(ChannelId channel, SendMessageRequest request, CancellationToken cancellationToken) =>
        BeginAsync(
            id => new SendMessageFrame(id, channel.Value, request),
            reply => ((MessageSentFrame)reply).Message,
            ct => rest.PostMessageAsync(channel, request, ct),
            cancellationToken);

    public async Task<Message> EditMessageAsync(ChannelId channel, MessageId message, EditMessageRequest request, CancellationToken cancellationToken) =>
        await (await BeginAsync(
            id => new EditMessageFrame(id, channel.Value, message.Value, request),
            reply => ((MessageSentFrame)reply).Message,
            ct => rest.EditMessageAsync(channel, message, request, ct),
            cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);

    /// <summary>Reads one stored message over REST (the edit path needs its idempotency key when this device did not note it).</summary>
    public Task<Message> GetMessageAsync(ChannelId channel, MessageId message, CancellationToken cancellationToken) =>
        rest.GetMessageAsync(channel, message, cancellationToken);

    public async Task DeleteMessageAsync(ChannelId channel, MessageId message, CancellationToken cancellationToken) =>
        await (await BeginAsync(
            id => new DeleteMessageFrame(id, channel.Value, message.Value),
            _ => true,
            async ct =>
            {
                await rest.DeleteMessageAsync(channel, message, ct).ConfigureAwait(false);
                return true;
            },
            cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);

    /// <summary>
    /// Queues to-device payloads, split so each gateway frame stays well under the gateway's frame limit (first
    /// messages of new sessions carry an ML-KEM ciphertext, so 256 of them do not fit one frame).
    /// </summary>
    public async Task SendToDeviceAsync(SendToDeviceRequest request, CancellationToken cancellationToken)
    {
        foreach (var chunk in FrameSized(request))
        {
            await (await BeginAsync(
                id => new SendToDeviceFrame(id, chunk),
                reply => ((ToDeviceSentFrame)reply).Result,
                ct => rest.SendToDeviceAsync(chunk, ct),
                cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        }
    }

    private static IEnumerable<SendToDeviceRequest> FrameSized(SendToDeviceRequest request)
    {
        // Base64url grows payloads by 4/3; ids and member names add ~120 bytes per entry.
        const int Budget = ChatalotLimits.GatewayFrameMaxBytes * 3 / 4;
        var chunk = new List<ToDeviceEnvelope>();
        var size = 0;
        foreach (var envelope in request.Messages)
        {
            var cost = (envelope.Payload.Length * 4 / 3) + 120;
            if (chunk.Count > 0 && (size + cost > Budget || chunk.Count == ChatalotLimits.ToDeviceBatchMaxMessages))
            {
                yield return request with { Messages = chunk };
                chunk = [];
                size = 0;
            }

            chunk.Add(envelope);
            size += cost;
        }

        if (chunk.Count > 0)
        {
            yield return request with { Messages = chunk };
        }
    }

    public async Task AckToDeviceAsync(IReadOnlyList<Guid> messageIds, CancellationToken cancellationToken)
    {
        if (gateway() is { } connected)
        {
            try
            {
                await connected.SendAsync(new AckToDeviceFrame(messageIds), cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (ChatalotConnectionException)
            {
                // Fall through to REST.
            }
        }

        await rest.AckToDeviceAsync(device, messageIds, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A request that exists only on the gateway (joining a call belongs to the connection): no REST fallback, so a
    /// missing or dropped connection fails it with <c>not_connected</c>.
    /// </summary>
    public async Task<T> RequestOverGatewayAsync<T>(Func<string, ClientFrame> frame, Func<ServerFrame, T> read, CancellationToken cancellationToken) =>
        await (await BeginAsync(frame, read, _ => throw new ChatalotConnectionException(ClientErrorCodes.NotConnected, "This needs the gateway connection, and it is not up."), cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);

    /// <summary>Routes a reply frame to the request waiting for it; false when none is.</summary>
    public bool OnReply(ServerFrame frame)
    {
        var id = frame switch
        {
            MessageSentFrame sent => sent.RequestId,
            RequestCompletedFrame completed => completed.RequestId,
            ToDeviceSentFrame sent => sent.RequestId,
            VoiceJoinedFrame joined => joined.RequestId,
            ErrorFrame error => error.RequestId,
            _ => null,
        };
        return id is not null && _pending.TryRemove(id, out var waiter) && waiter.TrySetResult(frame);
    }

    /// <summary>The connection dropped: requests waiting for a reply go again over the next path that is up.</summary>
    public void OnDisconnected()
    {
        foreach (var (id, waiter) in _pending)
        {
            if (_pending.TryRemove(id, out _))
            {
                waiter.TrySetException(new ChatalotConnectionException(ClientErrorCodes.NotConnected, "The gateway connection dropped before the reply."));
            }
        }
    }

    private async Task<Task<T>> BeginAsync<T>(Func<string, ClientFrame> frame, Func<ServerFrame, T> read, Func<CancellationToken, Task<T>> overRest, CancellationToken cancellationToken, int attempt = 0)
    {
        if (gateway() is not { } connected)
        {
            return Task.FromResult(await overRest(cancellationToken).ConfigureAwait(false));
        }

        var id = Guid.NewGuid().ToString("N");
        var waiter = new TaskCompletionSource<ServerFrame>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = waiter;
        try
        {
            await connected.SendAsync(frame(id), cancellationToken).ConfigureAwait(false);
        }
        catch (ChatalotConnectionException)
        {
            _pending.TryRemove(id, out _);
            return Task.FromResult(await overRest(cancellationToken).ConfigureAwait(false));
        }

        return CompleteAsync(id, waiter.Task, frame, read, overRest, attempt, cancellationToken);
    }

    private async Task<T> CompleteAsync<T>(string id, Task<ServerFrame> pending, Func<string, ClientFrame> frame, Func<ServerFrame, T> read, Func<CancellationToken, Task<T>> overRest, int attempt, CancellationToken cancellationToken)
    {
        ServerFrame reply;
        try
        {
            reply = await pending.WaitAsync(ReplyTimeout, time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ChatalotConnectionException or TimeoutException)
        {
            // Lost with the connection (or no reply in time): the write is idempotent, so REST can repeat it.
            return await overRest(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }

        if (reply is not ErrorFrame error)
        {
            return read(reply);
        }

        if (error.Code != ErrorCodes.RateLimited || attempt >= RateLimitRetries)
        {
            throw new ChatalotApiException(error.Code, StatusOf(error.Code), error.Message, error.RetryAfterMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null);
        }

        // The gateway dropped the frame unprocessed: send it again once its bucket has refilled.
        await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(50, error.RetryAfterMs ?? 1000)), time, cancellationToken).ConfigureAwait(false);
        return await (await BeginAsync(frame, read, overRest, cancellationToken, attempt + 1).ConfigureAwait(false)).ConfigureAwait(false);
    }

    /// <summary>The HTTP status the REST route would have answered with, so callers see one exception shape on either path.</summary>
    private static HttpStatusCode StatusOf(string code) => code switch
    {
        ErrorCodes.Forbidden => HttpStatusCode.Forbidden,
        ErrorCodes.NotFound => HttpStatusCode.NotFound,
        ErrorCodes.RateLimited => HttpStatusCode.TooManyRequests,
        ErrorCodes.Conflict or ErrorCodes.VoiceFull or ErrorCodes.VoiceVideoFull or ErrorCodes.NotInVoice => HttpStatusCode.Conflict,
        ErrorCodes.NotVoiceChannel => HttpStatusCode.UnprocessableEntity,
        _ => HttpStatusCode.BadRequest,
    };
}
