using Chatalot.Protocol;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Gateway;
using Chatalot.Server.Hosting.Accounts.Internal;
using Chatalot.Server.Hosting.Communities.Internal;
using Chatalot.Server.Hosting.Errors;
using Chatalot.Server.Hosting.Messages.Internal;
using Chatalot.Server.Hosting.ToDevice.Internal;
using Chatalot.Server.Hosting.Voice.Internal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Chatalot.Server.Hosting.Gateway.Internal;

/// <summary>Handles client frames after authentication: subscriptions, sends, edits, deletes, to-device sends and acks, typing, presence, voice, heartbeats.</summary>
internal sealed partial class GatewayFrameHandler(
    GatewayHub hub,
    PresenceTracker presence,
    VoiceTracker voice,
    IGatewayPublisher publisher,
    ITypingDebounce typing,
    IServiceScopeFactory scopes,
    TimeProvider time,
    IOptions<ChatalotServerOptions> options,
    ILogger<GatewayFrameHandler> logger)
{
    /// <summary>Sends one connection may have queued but not yet committed (gateway.md §send_message).</summary>
    public const int MaxSendsInFlight = 32;

    private readonly ChatalotGatewayOptions _options = options.Value.Gateway;

    public void Register(GatewaySession session, Caller caller) => session.Caller = caller;

    public async Task HandleAsync(GatewaySession session, ClientFrame frame, CancellationToken cancellationToken)
    {
        var caller = session.Caller!;
        switch (frame)
        {
            case HeartbeatFrame heartbeat:
                if (heartbeat.LastSeq is { } last)
                {
                    session.Acknowledge(last);
                }

                Reply(session, new HeartbeatAckFrame(time.GetUtcNow()));
                await RevalidateAsync(session, cancellationToken).ConfigureAwait(false);
                break;
            case SubscribeFrame subscribe:
                await SubscribeAsync(session, caller, subscribe.ChannelIds, cancellationToken).ConfigureAwait(false);
                break;
            case UnsubscribeFrame unsubscribe:
                var removed = unsubscribe.ChannelIds.Count == 0 ? hub.SubscriptionsCleared(session) : unsubscribe.ChannelIds.Where(session.IsSubscribed).ToArray();
                foreach (var id in removed)
                {
                    hub.Unsubscribe(session, id);
                }

                Reply(session, new UnsubscribedFrame(removed));
                break;
            case SendMessageFrame send:
                await SendAsync(session, caller, send, cancellationToken).ConfigureAwait(false);
                break;
            case TypingFrame typing:
                await TypingAsync(session, typing.ChannelId, cancellationToken).ConfigureAwait(false);
                break;
            case UpdatePresenceFrame update:
                if (update.Status == PresenceStatus.Offline || !Enum.IsDefined(update.Status))
                {
                    Reply(session, new ErrorFrame(ErrorCodes.ValidationFailed, "Use invisible to appear offline."));
                    break;
                }

                session.Presence = update.Status;
                await presence.RefreshAsync(session.UserId, cancellationToken).ConfigureAwait(false);
                break;
            case EditMessageFrame edit:
                await RequestAsync<MessageService>(session, edit.RequestId, edit.ChannelId, async messages =>
                    new MessageSentFrame(edit.RequestId, await messages.EditAsync(caller, edit.ChannelId, edit.MessageId, edit.Message, cancellationToken).ConfigureAwait(false)), cancellationToken).ConfigureAwait(false);
                break;
            case DeleteMessageFrame delete:
                await RequestAsync<MessageService>(session, delete.RequestId, delete.ChannelId, async messages =>
                {
                    await messages.DeleteAsync(caller, delete.ChannelId, delete.MessageId, cancellationToken).ConfigureAwait(false);
                    return new RequestCompletedFrame(delete.RequestId);
                }, cancellationToken).ConfigureAwait(false);
                break;
            case SendToDeviceFrame toDevice:
                await RequestAsync<ToDeviceService>(session, toDevice.RequestId, null, async inboxes =>
                    new ToDeviceSentFrame(toDevice.RequestId, await inboxes.SendAsync(caller, toDevice.Message, cancellationToken).ConfigureAwait(false)), cancellationToken).ConfigureAwait(false);
                break;
            case AckToDeviceFrame ack:
                if (session.DeviceId is not { } deviceId)
                {
                    Reply(session, new ErrorFrame(ErrorCodes.ValidationFailed, "Authenticate with a device id to acknowledge to-device messages.", ack.RequestId));
                    break;
                }

                await RequestAsync<ToDeviceService>(session, ack.RequestId, null, async inboxes =>
                {
                    await inboxes.AckAsync(session.UserId, deviceId, ack.MessageIds, cancellationToken).ConfigureAwait(false);
                    return ack.RequestId is { } requestId ? new RequestCompletedFrame(requestId) : null;
                }, cancellationToken).ConfigureAwait(false);
                break;
            case JoinVoiceFrame join:
                await RequestAsync<VoiceService>(session, join.RequestId, join.ChannelId, async calls =>
                    await calls.JoinAsync(session.Id, session.DeviceId, caller, join, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                break;
            case LeaveVoiceFrame leave:
                await LeaveVoiceAsync(session, leave, cancellationToken).ConfigureAwait(false);
                break;
            case UpdateVoiceStateFrame update:
                await RequestAsync<VoiceService>(session, update.RequestId, null, async _ =>
                {
                    await voice.UpdateStateAsync(session.UserId, session.DeviceId ?? 0, update.State, cancellationToken).ConfigureAwait(false);
                    return update.RequestId is { } requestId ? new RequestCompletedFrame(requestId) : null;
                }, cancellationToken).ConfigureAwait(false);
                break;
            default:
                Reply(session, new ErrorFrame(ErrorCodes.InvalidFrame, "This frame is only valid as the first frame."));
                break;
        }
    }

    /// <summary>
    /// <c>leave_voice</c>: a leave with a request id is answered (<c>not_in_voice</c> when the device is in no call); one
    /// without is fire-and-forget, so a client leaving a call the server already ended hears nothing.
    /// </summary>
    private async Task LeaveVoiceAsync(GatewaySession session, LeaveVoiceFrame leave, CancellationToken cancellationToken)
    {
        var left = session.DeviceId is { } deviceId && await voice.LeaveAsync(session.UserId, deviceId, cancellationToken).ConfigureAwait(false);
        if (leave.RequestId is { } requestId)
        {
            Reply(session, left ? new RequestCompletedFrame(requestId) : new ErrorFrame(ErrorCodes.NotInVoice, "This device is in no call.", requestId));
        }
    }

    /// <summary>
    /// Re-checks the login session and the account about once a minute, so a connection can never outlive an expired
    /// or revoked session even if the revocation push was missed (defence in depth for the original's W6).
    /// </summary>
    private async Task RevalidateAsync(GatewaySession session, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (now - session.LastValidatedAt < TimeSpan.FromMinutes(1))
        {
            return;
        }

        session.LastValidatedAt = now;
        var scope = scopes.CreateAsyncScope();
        await using var scopeScope = scope.ConfigureAwait(false);
        var db = scope.ServiceProvider.GetRequiredService<Storage.Internal.ChatalotDbContext>();
        var valid = await db.Sessions.AsNoTracking()
            .Where(x => x.Id == session.AuthSessionId && x.RevokedAt == null && x.ExpiresAt > now)
            .Join(db.Users.Where(u => u.SuspendedAt == null), x => x.UserId, u => u.Id, (x, u) => x.Id)
            .AnyAsync(cancellationToken).ConfigureAwait(false);
        if (!valid)
        {
            var suspended = await db.Users.AnyAsync(u => u.Id == session.UserId && u.SuspendedAt != null, cancellationToken).ConfigureAwait(false);
            var code = suspended ? ErrorCodes.AccountSuspended : ErrorCodes.SessionRevoked;
            await publisher.DisconnectAsync(session.UserId, session.AuthSessionId, code, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SubscribeAsync(GatewaySession session, Caller caller, IReadOnlyList<Guid> channelIds, CancellationToken cancellationToken)
    {
        if (channelIds.Count > ChatalotLimits.GatewaySubscribeBatchMax)
        {
            Reply(session, new ErrorFrame(ErrorCodes.ValidationFailed, $"At most {ChatalotLimits.GatewaySubscribeBatchMax} channels per frame."));
            return;
        }

        var scope = scopes.CreateAsyncScope();
        await using var scopeScope = scope.ConfigureAwait(false);
        var access = scope.ServiceProvider.GetRequiredService<Access>();
        var accepted = new List<Guid>();
        foreach (var channelId in channelIds.Distinct())
        {
            var a = await access.ChannelAccessAsync(caller.UserId, channelId, cancellationToken).ConfigureAwait(false);
            if (a is not { CanRead: true })
            {
                Reply(session, new ErrorFrame(ErrorCodes.NotFound, "The channel was not found.", ChannelId: channelId));
                continue;
            }

            if (!hub.Subscribe(session, channelId))
            {
                Reply(session, new ErrorFrame(ErrorCodes.ValidationFailed, $"At most {ChatalotLimits.GatewayMaxSubscriptions} subscriptions.", ChannelId: channelId));
                continue;
            }

            // Re-check after registering: a removal that raced with this subscribe must still win.
            var again = await access.ChannelAccessAsync(caller.UserId, channelId, cancellationToken).ConfigureAwait(false);
            if (again is not { CanRead: true })
            {
                hub.Unsubscribe(session, channelId);
                Reply(session, new ErrorFrame(ErrorCodes.NotFound, "The channel was not found.", ChannelId: channelId));
                continue;
            }

            accepted.Add(channelId);
        }

        Reply(session, new SubscribedFrame(accepted));
    }

    /// <summary>
    /// <c>send_message</c> is pipelined: the receive loop waits until the send is checked and queued for the group commit,
    /// not until it is committed, so one connection can have up to <see cref="MaxSendsInFlight"/> sends in one commit
    /// batch. Queueing in frame order keeps the stored order; the <c>message_created</c> events of one session are also
    /// published in that order (each waits for its predecessor's), while acknowledgements may overtake each other.
    /// </summary>
    private async Task SendAsync(GatewaySession session, Caller caller, SendMessageFrame send, CancellationToken cancellationToken)
    {
        var scope = scopes.CreateAsyncScope();
        MessageService messages;
        Task<SendOutcome> committed;
        try
        {
            messages = scope.ServiceProvider.GetRequiredService<MessageService>();
            committed = await messages.QueueSendAsync(caller, send.ChannelId, send.Message, cancellationToken).ConfigureAwait(false);
        }
        catch (ChatalotServerException ex)
        {
            await scope.DisposeAsync().ConfigureAwait(false);
            Reply(session, new ErrorFrame(ex.Code, ex.Message, send.RequestId, send.ChannelId, ex.RetryAfter is { } r ? (int)r.TotalMilliseconds : null));
            return;
        }
        catch
        {
            await scope.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        // Swapped atomically: after a resume, the old connection's loop may still be taking a send of this session.
        var published = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var previous = Interlocked.Exchange(ref session.LastSendPublished, published.Task);
        var finishing = FinishSendAsync(scope, messages, committed, previous, published, session, send);
        if (Interlocked.Increment(ref session.SendsInFlight) > MaxSendsInFlight)
        {
            // Back-pressure: a connection with this many sends waiting for their commit reads no further frame until
            // this one (and so, by the publish order, every earlier one) is done.
            await finishing.ConfigureAwait(false);
        }
    }

    private async Task FinishSendAsync(AsyncServiceScope scope, MessageService messages, Task<SendOutcome> committed, Task? previous, TaskCompletionSource published, GatewaySession session, SendMessageFrame send)
    {
        try
        {
            var outcome = await committed.ConfigureAwait(false);
            if (previous is not null)
            {
                // Never faults: it completes when the predecessor has published (or failed and told its client).
                await previous.ConfigureAwait(false);
            }

            await messages.PublishAsync(outcome, CancellationToken.None).ConfigureAwait(false);
            Reply(session, new MessageSentFrame(send.RequestId, outcome.Message));
        }
        catch (ChatalotServerException ex)
        {
            Reply(session, new ErrorFrame(ex.Code, ex.Message, send.RequestId, send.ChannelId));
        }
#pragma warning disable CA1031 // A detached send must not fault unobserved; the client learns of the failure by its request id.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogSendFailed(logger, ex);
            Reply(session, new ErrorFrame(ErrorCodes.InternalError, "The message could not be stored; retry with the same idempotency key.", send.RequestId, send.ChannelId));
        }
        finally
        {
            published.TrySetResult();
            Interlocked.Decrement(ref session.SendsInFlight);
            await scope.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task TypingAsync(GatewaySession session, Guid channelId, CancellationToken cancellationToken)
    {
        if (!session.IsSubscribed(channelId))
        {
            Reply(session, new ErrorFrame(ErrorCodes.NotFound, "Subscribe to the channel first.", ChannelId: channelId));
            return;
        }

        // One relayed event per user and channel per debounce interval; clients let it lapse at expires_at.
        var now = time.GetUtcNow();
        if (!await typing.TryStartAsync(session.UserId, channelId, now).ConfigureAwait(false))
        {
            return;
        }

        await publisher.PublishToChannelAsync(channelId, new TypingStartedEvent(channelId, session.UserId, now + _options.TypingDuration), null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs a request frame other than <c>send_message</c> through the service its REST route uses and replies with
    /// the frame <paramref name="action"/> returns (if any) or a typed error carrying the request id.
    /// </summary>
    /// <remarks>
    /// Frame order (gateway.md, "Pipelining and order"): the frame is handled only once every <c>send_message</c> the
    /// connection sent before it is stored and announced, so it sees the state those sends made and its event follows
    /// their <c>message_created</c>. Waiting for the last send is enough: each send publishes only after its
    /// predecessor. The receive loop awaits this method, so later frames (sends included) are handled only after it. A client mistake never ends the connection: a failure that is
    /// not a <see cref="ChatalotServerException"/> is logged and answered with <c>internal_error</c>, as REST answers 500.
    /// </remarks>
    private async Task RequestAsync<T>(GatewaySession session, string? requestId, Guid? channelId, Func<T, Task<ServerFrame?>> action, CancellationToken cancellationToken)
        where T : notnull
    {
        if (Volatile.Read(ref session.LastSendPublished) is { IsCompleted: false } sends)
        {
            // Never faults: it completes when the last queued send has published (or failed and told its client).
            await sends.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        var scope = scopes.CreateAsyncScope();
        await using var scopeScope = scope.ConfigureAwait(false);
        ServerFrame? reply;
        try
        {
            reply = await action(scope.ServiceProvider.GetRequiredService<T>()).ConfigureAwait(false);
        }
        catch (ChatalotServerException ex)
        {
            reply = new ErrorFrame(ex.Code, ex.Message, requestId, channelId, ex.RetryAfter is { } r ? (int)r.TotalMilliseconds : null);
        }
#pragma warning disable CA1031 // Like REST's 500: the client learns of the failure by its request id and the connection stays usable.
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            LogRequestFailed(logger, ex);
            reply = new ErrorFrame(ErrorCodes.InternalError, "The request failed; retry it.", requestId, channelId);
        }

        if (reply is not null)
        {
            Reply(session, reply);
        }
    }

    private static void Reply(GatewaySession session, ServerFrame frame) => session.Reply(GatewayPublisher.Serialize(frame));

    [LoggerMessage(EventId = 1420, Level = LogLevel.Error, Message = "A pipelined send_message failed after it was queued")]
    private static partial void LogSendFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1421, Level = LogLevel.Error, Message = "A gateway request failed unexpectedly")]
    private static partial void LogRequestFailed(ILogger logger, Exception exception);
}
