using Chatalot.Client;
using Chatalot.Client.Voice;
using Chatalot.Protocol.Voice;

namespace Chatalot.Samples.Web.Chat;

/// <summary>What the caller of a DM call sees while the other member's devices ring.</summary>
public enum OutgoingRingState
{
    Ringing,
    Declined,
}

/// <summary>A DM call this device started, until the other member answers (shown in the call view).</summary>
public sealed record OutgoingRing(Guid ChannelId, OutgoingRingState State);

/// <summary>
/// DM calls (calls.md §3, <c>ring</c> and <c>decline</c>): the caller joins the DM's call and rings the other member's
/// devices; a callee sees the incoming-call dialog until the ring ends (answered, declined here or on another of their
/// devices, the caller left, or 60 s passed).
/// </summary>
public sealed partial class ChatSession
{
    /// <summary>The DM call this device is ringing out, or null.</summary>
    public OutgoingRing? OutgoingRing { get; private set; }

    /// <summary>Calls ringing this device now (the first one is shown).</summary>
    public IReadOnlyList<IncomingCall> IncomingCalls => Client?.Voice.Ringing ?? [];

    private void SubscribeRingEvents(ChatalotClient client)
    {
        _subscriptions.Add(client.Events.On<CallRinging>((e, _) => new ValueTask(OnCallRingingAsync(e))));
        _subscriptions.Add(client.Events.On<CallRingEnded>((_, _) => { Notify(); return ValueTask.CompletedTask; }));
        _subscriptions.Add(client.Events.On<CallDeclined>((e, _) =>
        {
            OnCallDeclined(e.ChannelId.Value);
            return ValueTask.CompletedTask;
        }));
    }

    private async Task OnCallRingingAsync(CallRinging e)
    {
        // A DM nobody wrote in yet is not in the sidebar: read it now, so accepting opens it.
        if (FindChannel(e.Call.ChannelId.Value) is null)
        {
            try
            {
                await RefreshDirectoryAsync();
            }
            catch (Exception ex) when (ex is ChatalotClientException or HttpRequestException)
            {
                // Accepting still joins the call; the DM shows once the directory is read again.
            }
        }

        Notify();
    }

    /// <summary>Starts a call in a DM: joins its call and rings the other member (with the camera on for a video call).</summary>
    public async Task RingAsync(Guid dmChannelId, bool video)
    {
        if (Client is not { } client || _callStarting)
        {
            return;
        }

        CallNotice = null;
        _callStarting = true;
        try
        {
            if (CurrentCall is not null)
            {
                await LeaveCallAsync();
            }

            _selfState = new VoiceSelfState(SelfMuted: _selfState.SelfMuted, Video: video);
            var ice = await client.Voice.GetIceServersAsync();
            var call = await client.Voice.RingAsync(new ChannelId(dmChannelId), video);
            OutgoingRing = new OutgoingRing(dmChannelId, OutgoingRingState.Ringing);
            await StartMediaAsync(call, ice);
            if (video)
            {
                await UpdateSelfStateAsync(_selfState);
            }
        }
        catch (Exception ex) when (ex is ChatalotClientException or HttpRequestException)
        {
            CallNotice = CallErrorText(ex);
            OutgoingRing = null;
            await StopMediaAsync();
        }
        finally
        {
            _callStarting = false;
            Notify();
        }
    }

    /// <summary>Answers a ringing DM call: joins it (the callee is the newcomer and offers to the caller).</summary>
    public async Task AcceptCallAsync(IncomingCall call)
    {
        if (Client is not { } client || _callStarting)
        {
            return;
        }

        CallNotice = null;
        _callStarting = true;
        try
        {
            if (CurrentCall is not null)
            {
                await LeaveCallAsync();
            }

            _selfState = new VoiceSelfState(SelfMuted: _selfState.SelfMuted, Video: call.Video);
            var ice = await client.Voice.GetIceServersAsync();
            var joined = await client.Voice.AcceptAsync(call, _selfState);
            await StartMediaAsync(joined, ice);
        }
        catch (Exception ex) when (ex is ChatalotClientException or HttpRequestException)
        {
            CallNotice = CallErrorText(ex);
            await StopMediaAsync();
        }
        finally
        {
            _callStarting = false;
            Notify();
        }
    }

    public async Task DeclineCallAsync(IncomingCall call)
    {
        try
        {
            await Client!.Voice.DeclineAsync(call);
        }
        catch (Exception ex) when (ex is ChatalotClientException or HttpRequestException)
        {
            // The ring ends by itself after 60 s.
        }

        Notify();
    }

    private void OnCallDeclined(Guid channelId)
    {
        if (OutgoingRing is { } ring && ring.ChannelId == channelId)
        {
            OutgoingRing = ring with { State = OutgoingRingState.Declined };
            Notify();
        }
    }
}
