using Chatalot.Client;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Channels;
using Chatalot.Protocol.Content;
using Chatalot.Protocol.Groups;

namespace Chatalot.IntegrationTests.Client;

/// <summary>
/// A channel's <c>history_days</c> (content.md §6.2): with it on, a member who joins later reads what was sent in the
/// window before they joined, by a key request from the catch-up of the channel or with the chain handed over at join;
/// with it off they read only what follows; and turning it on never exposes what was sent while it was off. Real
/// server on loopback, real clients with stores; the sender's client decides every answer.
/// </summary>
public sealed class ChannelHistoryTests : IAsyncLifetime
{
    private ClientHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await ClientHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private static UpdateChannelRequest Days(int days) => new() { HistoryDays = days };

    /// <summary>
    /// Alice and carol share a community; alice owns a private group carol is not in yet, whose channel has
    /// <paramref name="historyDays"/>. Returns the channel and an invite to the group.
    /// </summary>
    private async Task<(Party Alice, Party Carol, ChannelId Channel, GroupId Group, string Invite)> SetUpAsync(int historyDays)
    {
        var alice = await _harness.CreateAsync("alice");
        var carol = await _harness.CreateAsync("carol");
        var space = await ClientHarness.SetUpGroupAsync(alice, carol);
        var inner = await alice.Client.Rest.CreateGroupAsync(space.Community, new CreateGroupRequest("Inner", Visibility: GroupVisibility.Private), CancellationToken.None);
        var group = new GroupId(inner.Id);
        var channel = new ChannelId(Assert.Single(await alice.Client.Rest.GetGroupChannelsAsync(group, CancellationToken.None)).Id);
        if (historyDays > 0)
        {
            Assert.Equal(historyDays, (await alice.Client.Rest.UpdateChannelAsync(channel, Days(historyDays), CancellationToken.None)).HistoryDays);
        }

        var invite = await alice.Client.Rest.CreateGroupInviteAsync(group, cancellationToken: CancellationToken.None);
        return (alice, carol, channel, group, invite.Code);
    }

    /// <summary>Carol's device is off while she joins the group from elsewhere; alice sees the join.</summary>
    private async Task JoinWhileOfflineAsync(Party alice, Party carol, GroupId group, string invite)
    {
        await ClientHarness.StopAsync(carol);
        using (var elsewhere = await _harness.SignInRestAsync(carol))
        {
            await elsewhere.AcceptInviteAsync(invite, CancellationToken.None);
        }

        await alice.ExpectAsync<MemberJoined>(m => m.UserId == carol.Id && m.GroupId == group);
    }

    private static Task AnsweredAsync(Party sender, Party requester, string answer) =>
        sender.WaitUntilAsync(
            () => sender.Logs.Any(l => l.Contains($"Answered a key request from {requester.Id}/{requester.Client.CurrentDeviceId}: {answer}", StringComparison.Ordinal)),
            $"an answer {answer} to {requester.Name}");

    [Fact]
    public async Task HistoryOn_MemberWhoJoinsLater_ReadsWhatWasSentBefore_ByAKeyRequestFromTheCatchUp()
    {
        var (alice, carol, channel, group, invite) = await SetUpAsync(historyDays: 7);
        var before = new List<SentMessage>();
        for (var i = 0; i < 2; i++)
        {
            before.Add(await alice.Client.SendAsync(channel, $"before carol joined {i}", CancellationToken.None));
        }

        await JoinWhileOfflineAsync(alice, carol, group, invite);
        // Alice writes nothing after the join: only carol's key request (for the held messages her catch-up brought)
        // can get her the chain, and alice's client answers it under the channel's history_days.
        var back = await _harness.RestartAsync(carol);

        for (var i = 0; i < before.Count; i++)
        {
            Assert.Equal($"before carol joined {i}", (await back.ReceiveAsync(before[i].MessageId)).Text);
        }

        await AnsweredAsync(alice, back, DevicePayloadKind.SenderKey);
        Assert.Empty(before.SelectMany(b => back.UndecryptableFor(b.MessageId)));

        var after = await alice.Client.SendAsync(channel, "after carol joined", CancellationToken.None);
        Assert.Equal("after carol joined", (await back.ReceiveAsync(after.MessageId)).Text);
        await back.WaitUntilAsync(() => back.Client.CoreForTests!.HeldCount == 0, "nothing left on hold");
    }

    [Fact]
    public async Task HistoryOn_MemberWhoJoinsLater_GetsTheWindowWithTheChainHandedOverAtJoin()
    {
        var (alice, carol, channel, group, invite) = await SetUpAsync(historyDays: 7);
        var before = await alice.Client.SendAsync(channel, "before carol joined", CancellationToken.None);
        await JoinWhileOfflineAsync(alice, carol, group, invite);
        var after = await alice.Client.SendAsync(channel, "after carol joined", CancellationToken.None);

        var back = await _harness.RestartAsync(carol);

        Assert.Equal("before carol joined", (await back.ReceiveAsync(before.MessageId)).Text);
        Assert.Equal("after carol joined", (await back.ReceiveAsync(after.MessageId)).Text);
        Assert.Empty(back.UndecryptableFor(before.MessageId));
    }

    [Fact]
    public async Task HistoryOff_MemberWhoJoinsLater_IsShownNothingOfBefore_AndReadsWhatFollows()
    {
        var (alice, carol, channel, group, invite) = await SetUpAsync(historyDays: 0);
        var before = new List<SentMessage>();
        for (var i = 0; i < 2; i++)
        {
            before.Add(await alice.Client.SendAsync(channel, $"before carol joined {i}", CancellationToken.None));
        }

        await JoinWhileOfflineAsync(alice, carol, group, invite);
        var back = await _harness.RestartAsync(carol);

        // Carol's catch-up of the channel starts at her join (nothing to ask for); what alice sends next reaches her,
        // and the catch-up handed everything over before it: so what came before was handled, and shown as nothing.
        var after = await alice.Client.SendAsync(channel, "after carol joined", CancellationToken.None);
        Assert.Equal("after carol joined", (await back.ReceiveAsync(after.MessageId)).Text);
        await back.WaitUntilAsync(() => back.Client.CoreForTests!.HeldCount == 0, "nothing left on hold");
        Assert.DoesNotContain(back.Seen.OfType<MessageReceived>(), m => before.Any(b => b.MessageId == m.MessageId));
        Assert.Empty(before.SelectMany(b => back.UndecryptableFor(b.MessageId)));
    }

    [Fact]
    public async Task HistoryTurnedOnLater_NeverExposesWhatWasSentWhileItWasOff()
    {
        var (alice, carol, channel, group, invite) = await SetUpAsync(historyDays: 0);
        var whileOff = await alice.Client.SendAsync(channel, "sent while history was off", CancellationToken.None);
        Assert.Equal(7, (await alice.Client.Rest.UpdateChannelAsync(channel, Days(7), CancellationToken.None)).HistoryDays);
        await alice.Client.SendAsync(channel, "sent once history was on", CancellationToken.None);

        await JoinWhileOfflineAsync(alice, carol, group, invite);
        var back = await _harness.RestartAsync(carol);

        // Carol asks from the earliest message her catch-up holds, the one sent while the option was off: the only
        // point that opens it was created unshareable, so alice's client refuses (and with it the later one, which
        // shares the request: a member is never handed a point that would open the messages sent while it was off).
        await AnsweredAsync(alice, back, $"{DevicePayloadKind.KeyWithheld} ({KeyWithheldCodes.Unauthorised})");
        await back.WaitUntilAsync(() => back.Client.CoreForTests!.HeldCount == 0, "nothing left on hold");

        var after = await alice.Client.SendAsync(channel, "after carol joined", CancellationToken.None);
        Assert.Equal("after carol joined", (await back.ReceiveAsync(after.MessageId)).Text);
        Assert.DoesNotContain(back.Seen.OfType<MessageReceived>(), m => m.MessageId == whileOff.MessageId);
        Assert.Empty(back.UndecryptableFor(whileOff.MessageId));
    }
}
