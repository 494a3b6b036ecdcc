using System.Collections.Concurrent;
using Chatalot.Client.Messages.Internal;
using Chatalot.Crypto;
using Chatalot.Protocol;
using Chatalot.Protocol.Content;
using Chatalot.Protocol.ToDevice;
using Microsoft.Extensions.Logging;

namespace Chatalot.Client.Encryption.Internal;

/// <summary>
/// This device's sender-key chains, one per channel it writes in (crypto.md §7.2, content.md §6): hands the chain to
/// every device of the channel's viewers that lacks it before a send, rotates it after a viewer leaves or loses sight
/// of the channel, keeps the
/// <see cref="SenderKeyLedger"/> and answers other devices' key requests for members who are entitled to the key. In a
/// channel with <c>history_days</c> on, it also hands a new member the earliest shareable point of the window
/// (content.md §6.2), and adds a checkpoint point at most once a day while it writes. Callers serialise per channel (the outbox holds the channel's gate around distribute + encrypt + send).
/// </summary>
internal sealed partial class ChannelKeyDistributor(
    DeviceState state,
    UserId self,
    DeviceDirectory directory,
    PairwiseSessions sessions,
    IClientTransport transport,
    TimeProvider time,
    ILogger logger)
{
    private readonly ConcurrentDictionary<Guid, SenderKeyLedger> _ledgers = new();
    private readonly ConcurrentDictionary<Guid, bool> _rotationDue = new();

    public SenderKeyName NameOf(ChannelId channel) => new(channel.ToString(), DeviceState.Address(self, state.Device));

    /// <summary>A member left a group or community: this device's chains there rotate before their next use.</summary>
    public void OnDeparture(Guid community, Guid? group)
    {
        foreach (var channel in directory.KnownChannels(community, group))
        {
            _rotationDue[channel.Id] = true;
        }
    }

    /// <summary>
    /// Sends this device's chain to every viewer's device that does not have it yet. Rotates first when told a member
    /// left, or when a device that holds the chain no longer belongs to a viewer (a departure or a lost view).
    /// </summary>
    public async Task DistributeAsync(ChannelId channel, Guid group, CancellationToken cancellationToken)
    {
        var name = NameOf(channel);
        var now = time.GetUtcNow();
        var historyDays = (await directory.GetChannelAsync(channel, cancellationToken).ConfigureAwait(false)).HistoryDays;
        var builder = new GroupSessionBuilder(state.Store);
        // The channel's viewers, not the whole group: a member an override hides the channel from gets no key, and
        // a device of someone who lost view no longer counts as current, so the chain rotates before its next use.
        var members = await directory.ChannelMembersAsync(channel, cancellationToken).ConfigureAwait(false);
        var current = (await directory.DevicesOfAsync(members, cancellationToken).ConfigureAwait(false)).ToHashSet();
        var ledger = await LoadAsync(channel, cancellationToken).ConfigureAwait(false);

        var rotate = ledger is null || _rotationDue.TryRemove(channel.Value, out _) || ledger.Devices.Any(d => !current.Contains(d));
        var targets = current.Where(d => rotate || !ledger!.HasDevice(d)).ToList();
        if (!rotate && targets.Count == 0 && !ledger!.NeedsCheckpoint(now, historyDays))
        {
            return;
        }

        var distribution = rotate
            ? await builder.RotateAsync(name, cancellationToken).ConfigureAwait(false)
            : await builder.CreateDistributionMessageAsync(name, cancellationToken).ConfigureAwait(false);
        if (rotate)
        {
            ledger = new SenderKeyLedger(distribution.ChainId);
        }

        // A point with no new users and no targets is a checkpoint: it marks where the day (or the option) changed.
        var point = ledger!.AddPoint(distribution.Iteration, distribution.Serialize(), members, now, historyDays);
        distribution.Wipe();
        await SaveAsync(channel, ledger, cancellationToken).ConfigureAwait(false);
        if (targets.Count == 0)
        {
            return;
        }

        // Shared at join (content.md §6.2): a user first included at this point gets the earliest point of the window
        // it may read from instead, when the channel's option allows one; everyone else gets this point.
        var given = targets.ToDictionary(d => d, d => point.Users.Contains(d.User)
            ? ledger.SharedHistoryFor(d.User, point.Iteration, now, historyDays) ?? point
            : point);
        var payloads = given.Values.Distinct().ToDictionary(p => p, p => ContentCodec.Encode(SenderKeyPayload(channel, ledger.ChainId, p.Distribution, requestId: null)));
        await sessions.EnsureAsync(targets, cancellationToken).ConfigureAwait(false);
        var envelopes = new List<ToDeviceEnvelope>(targets.Count);
        foreach (var (user, device) in targets)
        {
            envelopes.Add(new ToDeviceEnvelope(user.Value, device.Value, await sessions.EncryptAsync(user, device, payloads[given[(user, device)]], cancellationToken).ConfigureAwait(false)));
        }

        // A chunk's devices count as holding the chain only once it is queued; a device that misses it (a failure
        // mid-way) asks for it with a key request when our message arrives.
        for (var start = 0; start < envelopes.Count; start += ChatalotLimits.ToDeviceBatchMaxMessages)
        {
            var count = Math.Min(ChatalotLimits.ToDeviceBatchMaxMessages, envelopes.Count - start);
            await transport.SendToDeviceAsync(new SendToDeviceRequest(state.Device.Value, envelopes.GetRange(start, count)), cancellationToken).ConfigureAwait(false);
            foreach (var target in targets.GetRange(start, count))
            {
                given[target].Devices.Add(target);
            }

            await SaveAsync(channel, ledger, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Answers a key request (content.md §6.2): the distribution of the first point the requester's user was included
    /// at, if that point is at or before the iteration asked for and the user is still a member; else, when the
    /// channel's <c>history_days</c> is on, the earliest shareable point of the window at or before that iteration
    /// (<see cref="SenderKeyLedger.SharedHistoryFor"/>); otherwise a refusal.
    /// </summary>
    public async Task AnswerAsync(UserId user, DeviceId device, DevicePayload request, Guid group, CancellationToken cancellationToken)
    {
        var channel = new ChannelId(request.Conversation.Id);
        var ledger = await LoadAsync(channel, cancellationToken).ConfigureAwait(false);
        DevicePayload answer;
        if (ledger is null || ledger.ChainId != request.ChainId)
        {
            answer = Withheld(request, KeyWithheldCodes.Unavailable);
        }
        else if (!(await directory.ChannelMembersAsync(channel, cancellationToken).ConfigureAwait(false)).Contains(user)
            || await EntitledPointAsync(ledger, user, channel, request.Iteration, cancellationToken).ConfigureAwait(false) is not { } point)
        {
            answer = Withheld(request, KeyWithheldCodes.Unauthorised);
        }
        else
        {
            answer = SenderKeyPayload(channel, ledger.ChainId, point.Distribution, request.RequestId);
            point.Devices.Add((user, device));
            await SaveAsync(channel, ledger, cancellationToken).ConfigureAwait(false);
        }

        LogAnswered(logger, user.Value, device.Value, answer.Kind, answer.Code ?? "-");
        await sessions.EnsureAsync(user, device, cancellationToken).ConfigureAwait(false);
        var ciphertext = await sessions.EncryptAsync(user, device, ContentCodec.Encode(answer), cancellationToken).ConfigureAwait(false);
        await transport.SendToDeviceAsync(new SendToDeviceRequest(state.Device.Value, [new ToDeviceEnvelope(user.Value, device.Value, ciphertext)]), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The point a viewer's device may have for <paramref name="iteration"/>: by inclusion, else by shared history.</summary>
    private async Task<SenderKeyLedger.Point?> EntitledPointAsync(SenderKeyLedger ledger, UserId user, ChannelId channel, uint? iteration, CancellationToken cancellationToken)
    {
        if (ledger.EntitlementOf(user) is { } point && !(point.Iteration > iteration))
        {
            return point;
        }

        if (iteration is null)
        {
            return null;
        }

        // The option as the channel has it now (a member's client decides; the server only stores the number):
        // turning it off stops sharing at once, and SharedHistoryFor never reaches a point created while it was off.
        var historyDays = (await directory.GetChannelAsync(channel, cancellationToken).ConfigureAwait(false)).HistoryDays;
        return ledger.SharedHistoryFor(user, iteration.Value, time.GetUtcNow(), historyDays);
    }

    private DevicePayload SenderKeyPayload(ChannelId channel, uint chainId, byte[] distribution, Guid? requestId) => new()
    {
        Kind = DevicePayloadKind.SenderKey,
        Sender = new ContentSender(self.Value, state.Device.Value),
        Conversation = new ConversationRef(ConversationKind.Channel, channel.Value),
        ChainId = chainId,
        Distribution = distribution,
        RequestId = requestId,
    };

    private DevicePayload Withheld(DevicePayload request, string code) => new()
    {
        Kind = DevicePayloadKind.KeyWithheld,
        Sender = new ContentSender(self.Value, state.Device.Value),
        Conversation = request.Conversation,
        ChainId = request.ChainId,
        RequestId = request.RequestId,
        Code = code,
    };

    private async Task<SenderKeyLedger?> LoadAsync(ChannelId channel, CancellationToken cancellationToken)
    {
        if (_ledgers.TryGetValue(channel.Value, out var cached))
        {
            return cached;
        }

        var saved = await state.GetAsync(RecordName(channel), cancellationToken).ConfigureAwait(false);
        var ledger = saved is null ? null : SenderKeyLedger.Deserialize(saved);
        if (ledger is not null)
        {
            _ledgers[channel.Value] = ledger;
        }

        return ledger;
    }

    private async Task SaveAsync(ChannelId channel, SenderKeyLedger ledger, CancellationToken cancellationToken)
    {
        _ledgers[channel.Value] = ledger;
        await state.PutAsync(RecordName(channel), ledger.Serialize(), cancellationToken).ConfigureAwait(false);
    }

    private static string RecordName(ChannelId channel) => "chain-ledger:" + channel.Value.ToString("N");

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Answered a key request from {UserId}/{DeviceId}: {Kind} ({Code})")]
    private static partial void LogAnswered(ILogger logger, Guid userId, int deviceId, string kind, string code);
}
