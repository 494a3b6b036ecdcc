using Chatalot.Client;
using Chatalot.Client.Messages.Internal;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Channels;
using Chatalot.Protocol.Content;
using Chatalot.Protocol.Gateway;
using Chatalot.Protocol.Groups;
using Xunit.Abstractions;

namespace Chatalot.IntegrationTests.Client;

/// <summary>
/// Channel messages reach every member entitled to them however the sender key travelled: to a member who was offline,
/// racing a channel's creation, from two first senders at once, and after a distribution was lost (recovered by a key
/// request, also across server and client restarts). A member who left is refused the key and never reads the text; one
/// who joined reads from then on. Real server on loopback, real clients with stores, fast key recovery.
/// </summary>
public sealed class NoLostMessageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private ClientHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await ClientHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private static async Task<ChannelId> CreateChannelAsync(Party creator, Space space, string name) =>
        new((await creator.Client.Rest.CreateChannelAsync(space.Group, new CreateChannelRequest(name), CancellationToken.None)).Id);

    [Fact]
    public async Task OfflineMember_NewChannelMessages_ArriveAsReceived_InOrder_AfterRestartOverSameStore()
    {
        var alice = await _harness.CreateAsync("alice");
        var bob = await _harness.CreateAsync("bob");
        var space = await ClientHarness.SetUpGroupAsync(alice, bob);
        await ClientHarness.StopAsync(bob);

        var channel = await CreateChannelAsync(alice, space, "while-away");
        var first = await alice.Client.SendAsync(channel, "first while bob was away", CancellationToken.None);
        var second = await alice.Client.SendAsync(channel, "second while bob was away", CancellationToken.None);

        var back = await _harness.RestartAsync(bob);
        await back.ReceiveAsync(second.MessageId);

        var received = back.Seen.OfType<MessageReceived>().Where(m => m.ChannelId == channel).ToList();
        Assert.Equal([first.MessageId, second.MessageId], received.Select(m => m.MessageId));
        Assert.Equal(["first while bob was away", "second while bob was away"], received.Select(m => m.Text));
        Assert.All(received, m => Assert.True(m.IsCatchUp));

        // A received message is released from any hold, so no report can follow for it.
        Assert.Empty(back.UndecryptableFor(first.MessageId).Concat(back.UndecryptableFor(second.MessageId)));
    }

    [Fact]
    public async Task OnlineMember_ChannelCreatedAndWrittenAtOnce_ReceivesTheFirstMessages_InOrder()
    {
        var alice = await _harness.CreateAsync("alice");
        var bob = await _harness.CreateAsync("bob");
        var space = await ClientHarness.SetUpGroupAsync(alice, bob);

        // No waiting between the creation and the sends: channel_created, the sender key and the first messages race
        // each other to bob's client, and the subscription may come after the first message was stored.
        var channel = await CreateChannelAsync(alice, space, "at-once");
        var sent = new List<SentMessage>();
        for (var i = 0; i < 3; i++)
        {
            sent.Add(await alice.Client.SendAsync(channel, $"at once {i}", CancellationToken.None));
        }

        foreach (var message in sent)
        {
            await bob.ReceiveAsync(message.MessageId);
        }

        Assert.Equal(sent.Select(s => s.MessageId), bob.Seen.OfType<MessageReceived>().Where(m => m.ChannelId == channel).Select(m => m.MessageId));
        Assert.Empty(sent.SelectMany(s => bob.UndecryptableFor(s.MessageId)));
    }

    [Fact]
    public async Task TwoFirstSendersAtOnce_InAFreshChannel_EachReceivesTheOther_NeitherSeesUndecryptable()
    {
        var alice = await _harness.CreateAsync("alice");
        var bob = await _harness.CreateAsync("bob");
        var space = await ClientHarness.SetUpGroupAsync(alice, bob);
        var channel = await CreateChannelAsync(alice, space, "first-senders");

        // Neither has a pairwise session with the other yet, nor a chain in the channel: both start both at once.
        var sends = await Task.WhenAll(
            alice.Client.SendAsync(channel, "alice goes first", CancellationToken.None).AsTask(),
            bob.Client.SendAsync(channel, "bob goes first", CancellationToken.None).AsTask());

        Assert.Equal("bob goes first", (await alice.ReceiveAsync(sends[1].MessageId)).Text);
        Assert.Equal("alice goes first", (await bob.ReceiveAsync(sends[0].MessageId)).Text);

        // A second exchange proves both pairwise sessions and chains survived the crossing; whatever was going to be
        // reported about the first two has had its chance by then.
        var again = await Task.WhenAll(
            alice.Client.SendAsync(channel, "alice again", CancellationToken.None).AsTask(),
            bob.Client.SendAsync(channel, "bob again", CancellationToken.None).AsTask());
        await alice.ReceiveAsync(again[1].MessageId);
        await bob.ReceiveAsync(again[0].MessageId);
        Assert.DoesNotContain(alice.Seen.Concat(bob.Seen), e => e is MessageUndecryptable);
    }

    [Fact]
    public async Task MemberWhoLeft_AsksForTheRotatedKey_IsRefusedAsUnauthorised_RemainingMemberReads()
    {
        var alice = await _harness.CreateAsync("alice");
        var bob = await _harness.CreateAsync("bob");
        var carol = await _harness.CreateAsync("carol");
        var space = await ClientHarness.SetUpGroupAsync(alice, bob, carol);
        var before = await alice.Client.SendAsync(space.General, "before carol leaves", CancellationToken.None);
        await bob.ReceiveAsync(before.MessageId);
        await carol.ReceiveAsync(before.MessageId);

        await carol.Client.Rest.LeaveGroupAsync(space.Group, CancellationToken.None);
        await alice.ExpectAsync<MemberRemoved>(m => m.UserId == carol.Id);
        var after = await alice.Client.SendAsync(space.General, "after carol left", CancellationToken.None);
        Assert.Equal("after carol left", (await bob.ReceiveAsync(after.MessageId)).Text);

        // The server no longer sends carol the channel; a server that did anyway (or a leaked row) hands her a message
        // of the rotated chain. She holds it, asks alice's device for the key, and is refused: she was not a member
        // when it was sent. A refusal of that kind ends the hold without a report (nothing was meant for her), unless
        // the report came first; either way she never reads it.
        var leaked = await bob.Client.Rest.GetMessageAsync(space.General, after.MessageId, CancellationToken.None);
        carol.Client.CoreForTests!.OnServerEvent(new MessageCreatedEvent(leaked));
        var refusal = $"Answered a key request from {carol.Id}/{carol.Client.CurrentDeviceId}: {DevicePayloadKind.KeyWithheld} ({KeyWithheldCodes.Unauthorised})";
        await alice.WaitUntilAsync(() => alice.Logs.Any(l => l.Contains(refusal, StringComparison.Ordinal)), "refusing carol's key request");
        await carol.WaitUntilAsync(() => carol.Client.CoreForTests!.HeldCount == 0, "the refusal ending carol's hold");

        // Later traffic: the remaining member still reads the channel, and carol's client demonstrably still processes
        // what reaches her (a DM) — after which she has still never read the message sent after she left.
        var later = await alice.Client.SendAsync(space.General, "later still", CancellationToken.None);
        await bob.ReceiveAsync(later.MessageId);
        var direct = await alice.Client.SendAsync(carol.Id, "a direct message after all that", CancellationToken.None);
        await carol.ReceiveAsync(direct.MessageId);
        Assert.DoesNotContain(carol.Seen.OfType<MessageReceived>(), m => m.MessageId == after.MessageId || m.MessageId == later.MessageId);
        Assert.All(carol.UndecryptableFor(after.MessageId), u => Assert.Contains(u.Reason, new[] { UndecryptableReason.KeyWithheld, UndecryptableReason.MissingSenderKey }));
        Assert.Equal(0, carol.Client.CoreForTests!.HeldCount);
    }

    [Fact]
    public async Task MemberLeftWhileSenderWasOffline_SendersNextMessageStillRotates_RemainingMemberReads()
    {
        var alice = await _harness.CreateAsync("alice");
        var bob = await _harness.CreateAsync("bob");
        var carol = await _harness.CreateAsync("carol");
        var space = await ClientHarness.SetUpGroupAsync(alice, bob, carol);
        var before = await alice.Client.SendAsync(space.General, "before carol leaves", CancellationToken.None);
        await carol.ReceiveAsync(before.MessageId);

        // Alice's device misses the departure: only its stored ledger (which lists carol's device) can tell.
        await ClientHarness.StopAsync(alice);
        await carol.Client.Rest.LeaveGroupAsync(space.Group, CancellationToken.None);
        var aliceBack = await _harness.RestartAsync(alice);
        var after = await aliceBack.Client.SendAsync(space.General, "after carol left", CancellationToken.None);

        Assert.Equal("after carol left", (await bob.ReceiveAsync(after.MessageId)).Text);
        var leaked = await bob.Client.Rest.GetMessageAsync(space.General, after.MessageId, CancellationToken.None);
        Assert.IsType<DecryptOutcome.MissingKey>(await carol.Client.CoreForTests!.DecryptorForTests.DecryptAsync(leaked, isEdit: false, CancellationToken.None));
    }

    [Fact]
    public async Task LostDistribution_RecipientHoldsTheMessage_AsksForTheKey_AndReceivesIt()
    {
        var alice = await _harness.CreateAsync("alice");
        var bob = await _harness.CreateAsync("bob");
        var space = await ClientHarness.SetUpGroupAsync(alice, bob);
        await ClientHarness.StopAsync(bob);
        var channel = await CreateChannelAsync(alice, space, "lost-key");
        var sent = await alice.Client.SendAsync(channel, "the key to this one was lost", CancellationToken.None);

        await DropInboxAsync(bob);

        var back = await _harness.RestartAsync(bob);
        var received = await back.ReceiveAsync(sent.MessageId);
        Assert.Equal("the key to this one was lost", received.Text);
        Assert.Equal(alice.Client.CurrentDeviceId, received.Sender.DeviceId);
        Assert.Empty(back.UndecryptableFor(sent.MessageId));

        // The recovered chain keeps working for what follows.
        var next = await alice.Client.SendAsync(channel, "and the next one", CancellationToken.None);
        await back.ReceiveAsync(next.MessageId);
        Assert.Equal(0, back.Client.CoreForTests!.HeldCount);
    }

    [Fact]
    public async Task SendersDeviceOffline_HeldMessageIsReportedMissingKey_ThenResolvesAsReceived_WhenTheSenderAnswers()
    {
        var alice = await _harness.CreateAsync("alice");
        var bob = await _harness.CreateAsync("bob");
        var space = await ClientHarness.SetUpGroupAsync(alice, bob);
        await ClientHarness.StopAsync(bob);
        var channel = await CreateChannelAsync(alice, space, "late-key");
        var sent = await alice.Client.SendAsync(channel, "its key comes late", CancellationToken.None);
        await DropInboxAsync(bob);

        // Nobody can answer bob's key request while alice's device is off: after ReportAfter he is told.
        await ClientHarness.StopAsync(alice);
        var bobBack = await _harness.RestartAsync(bob);
        var reported = await bobBack.ExpectAsync<MessageUndecryptable>(m => m.MessageId == sent.MessageId);
        Assert.Equal(UndecryptableReason.MissingSenderKey, reported.Reason);
        Assert.Equal(channel, reported.ChannelId);
        Assert.Equal(alice.Id, reported.ClaimedSenderUserId);

        // Alice's device comes back, finds the requests in its inbox and answers: the same message resolves.
        var aliceBack = await _harness.RestartAsync(alice);
        var received = await bobBack.ReceiveAsync(sent.MessageId);
        Assert.Equal("its key comes late", received.Text);
        Assert.Single(bobBack.UndecryptableFor(sent.MessageId));
        Assert.Equal(0, bobBack.Client.CoreForTests!.HeldCount);
        Assert.Contains(aliceBack.Logs, l => l.Contains($"Answered a key request from {bob.Id}/{bob.Client.CurrentDeviceId}: {DevicePayloadKind.SenderKey}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ServerAndSenderRestart_AfterADistributionWasLost_RecipientStillRecoversTheKeyFromTheSendersStore()
    {
        var alice = await _harness.CreateAsync("alice");
        var bob = await _harness.CreateAsync("bob");
        var space = await ClientHarness.SetUpGroupAsync(alice, bob);
        await ClientHarness.StopAsync(bob);
        var channel = await CreateChannelAsync(alice, space, "restarts");
        var sent = await alice.Client.SendAsync(channel, "sent before the restarts", CancellationToken.None);
        await DropInboxAsync(bob);

        // The server restarts over the same database, and alice's client restarts over its store: what entitles bob
        // to the key (the sender-key ledger) must come from the store, not from memory.
        await _harness.Server.RestartAsync();
        var aliceBack = await _harness.RestartAsync(alice);

        var bobBack = await _harness.RestartAsync(bob);
        Assert.Equal("sent before the restarts", (await bobBack.ReceiveAsync(sent.MessageId)).Text);
        Assert.Empty(bobBack.UndecryptableFor(sent.MessageId));

        var next = await aliceBack.Client.SendAsync(channel, "sent after the restarts", CancellationToken.None);
        await bobBack.ReceiveAsync(next.MessageId);
    }

    [Fact]
    public async Task ServerRestart_WhileTheFirstMessagesOfANewChannelAreSent_EveryStoredMessageReachesTheOnlineMember()
    {
        var alice = await _harness.CreateAsync("alice");
        var bob = await _harness.CreateAsync("bob");
        var space = await ClientHarness.SetUpGroupAsync(alice, bob);
        var channel = await CreateChannelAsync(alice, space, "mid-restart");

        // The restart runs while alice writes: a send the server refused is retried (as a new message); every send the
        // server acknowledged must reach bob, whichever of its distribution and its row the restart cut off.
        var restart = _harness.Server.RestartAsync();
        var stored = new List<SentMessage>();
        var refused = 0;
        var deadline = DateTime.UtcNow + ClientHarness.Timeout;
        for (var i = 0; i < 6; i++)
        {
            while (true)
            {
                try
                {
                    stored.Add(await alice.Client.SendAsync(channel, $"around the restart {i}", CancellationToken.None));
                    break;
                }
                catch (Exception ex) when (ex is ChatalotConnectionException or ChatalotApiException or HttpRequestException or TaskCanceledException && DateTime.UtcNow < deadline)
                {
                    output.WriteLine($"send {i} refused while the server restarts: {ex.GetType().Name}");
                    refused++;
                    await Task.Delay(50);
                }
            }
        }

        output.WriteLine($"{stored.Count} sends stored, {refused} refused and retried; the restart was {(restart.IsCompleted ? "over" : "still running")} after the last send");
        await restart;
        foreach (var message in stored)
        {
            await bob.ReceiveAsync(message.MessageId);
        }

        Assert.Empty(stored.SelectMany(s => bob.UndecryptableFor(s.MessageId)));
    }

    [Fact]
    public async Task MemberWhoJoinedWhileOffline_ReadsWhatWasSentAfter_AndNeverWhatCameBefore()
    {
        var (carol, before, after) = await JoinWhileOfflineAsync();

        Assert.Equal("after carol joined", (await carol.ReceiveAsync(after.MessageId)).Text);
        await carol.WaitUntilAsync(() => carol.Client.CoreForTests!.HeldCount == 0, "nothing left on hold");
        Assert.DoesNotContain(carol.Seen.OfType<MessageReceived>(), m => before.Any(b => b.MessageId == m.MessageId));
    }

    [Fact]
    public async Task MemberWhoJoinedWhileOffline_IsShownNoPlaceholderForWhatCameBefore()
    {
        var (carol, before, after) = await JoinWhileOfflineAsync();

        // Catch-up hands the channel's messages over oldest first: once the last is received, the earlier were handled.
        await carol.ReceiveAsync(after.MessageId);
        await carol.WaitUntilAsync(() => carol.Client.CoreForTests!.HeldCount == 0, "nothing left on hold");
        Assert.Empty(before.SelectMany(b => carol.UndecryptableFor(b.MessageId)));
    }

    [Fact]
    public async Task MemberWhoJoinsOnline_AfterARotation_IsShownNoPlaceholderForWhatCameBefore()
    {
        var alice = await _harness.CreateAsync("alice");
        var bob = await _harness.CreateAsync("bob");
        var dave = await _harness.CreateAsync("dave");
        var carol = await _harness.CreateAsync("carol");
        var space = await ClientHarness.SetUpGroupAsync(alice, bob, dave, carol);
        var inner = await alice.Client.Rest.CreateGroupAsync(space.Community, new CreateGroupRequest("Inner", Visibility: GroupVisibility.Private), CancellationToken.None);
        var group = new GroupId(inner.Id);
        var channel = new ChannelId(Assert.Single(await alice.Client.Rest.GetGroupChannelsAsync(group, CancellationToken.None)).Id);
        var groupInvite = await alice.Client.Rest.CreateGroupInviteAsync(group, cancellationToken: CancellationToken.None);
        await bob.Client.Rest.AcceptInviteAsync(groupInvite.Code, CancellationToken.None);
        await dave.Client.Rest.AcceptInviteAsync(groupInvite.Code, CancellationToken.None);
        await alice.ExpectAsync<MemberJoined>(m => m.UserId == dave.Id && m.GroupId == group);
        var onOldChain = await alice.Client.SendAsync(channel, "on the chain before dave left", CancellationToken.None);
        await bob.ReceiveAsync(onOldChain.MessageId);
        await dave.Client.Rest.LeaveGroupAsync(group, CancellationToken.None);
        await alice.ExpectAsync<MemberRemoved>(m => m.UserId == dave.Id && m.GroupId == group);
        var onNewChain = await alice.Client.SendAsync(channel, "on the rotated chain", CancellationToken.None);
        await bob.ReceiveAsync(onNewChain.MessageId);

        await carol.Client.Rest.AcceptInviteAsync(groupInvite.Code, CancellationToken.None);
        await alice.ExpectAsync<MemberJoined>(m => m.UserId == carol.Id && m.GroupId == group);
        var after = await alice.Client.SendAsync(channel, "after carol joined", CancellationToken.None);

        await carol.ReceiveAsync(after.MessageId);
        await carol.WaitUntilAsync(() => carol.Client.CoreForTests!.HeldCount == 0, "nothing left on hold");
        Assert.Empty(carol.UndecryptableFor(onOldChain.MessageId).Concat(carol.UndecryptableFor(onNewChain.MessageId)));
    }

    /// <summary>
    /// Alice writes twice in a private group's channel; carol, whose device is off, joins it from elsewhere; alice
    /// writes once more; carol's device comes back (its catch-up of the never-seen channel brings all three).
    /// </summary>
    private async Task<(Party Carol, List<SentMessage> Before, SentMessage After)> JoinWhileOfflineAsync()
    {
        var alice = await _harness.CreateAsync("alice");
        var bob = await _harness.CreateAsync("bob");
        var carol = await _harness.CreateAsync("carol");
        var space = await ClientHarness.SetUpGroupAsync(alice, bob);
        var invite = await alice.Client.Rest.CreateCommunityInviteAsync(space.Community, cancellationToken: CancellationToken.None);
        await carol.Client.Rest.AcceptInviteAsync(invite.Code, CancellationToken.None);
        await carol.Client.ConnectAsync();

        // A private group carol is not in yet (a public one would have taken her in with the community).
        var inner = await alice.Client.Rest.CreateGroupAsync(space.Community, new CreateGroupRequest("Inner", Visibility: GroupVisibility.Private), CancellationToken.None);
        var group = new GroupId(inner.Id);
        var channel = new ChannelId(Assert.Single(await alice.Client.Rest.GetGroupChannelsAsync(group, CancellationToken.None)).Id);
        var groupInvite = await alice.Client.Rest.CreateGroupInviteAsync(group, cancellationToken: CancellationToken.None);
        await bob.Client.Rest.AcceptInviteAsync(groupInvite.Code, CancellationToken.None);
        await alice.ExpectAsync<MemberJoined>(m => m.UserId == bob.Id && m.GroupId == group);
        var before = new List<SentMessage>();
        for (var i = 0; i < 2; i++)
        {
            before.Add(await alice.Client.SendAsync(channel, $"before carol joined {i}", CancellationToken.None));
        }

        await bob.ReceiveAsync(before[^1].MessageId);
        await ClientHarness.StopAsync(carol);
        using (var elsewhere = await _harness.SignInRestAsync(carol))
        {
            await elsewhere.AcceptInviteAsync(groupInvite.Code, CancellationToken.None);
        }

        await alice.ExpectAsync<MemberJoined>(m => m.UserId == carol.Id && m.GroupId == group);
        var after = await alice.Client.SendAsync(channel, "after carol joined", CancellationToken.None);
        return (await _harness.RestartAsync(carol), before, after);
    }

    /// <summary>Loses every to-device message waiting for the party's device, as a failed delivery would.</summary>
    private async Task DropInboxAsync(Party party)
    {
        using var rest = await _harness.SignInRestAsync(party);
        var device = party.Client.CurrentDeviceId!.Value;
        var pending = await rest.GetToDeviceInboxAsync(device, cancellationToken: CancellationToken.None);
        Assert.NotEmpty(pending);
        await rest.AckToDeviceAsync(device, [.. pending.Select(p => p.Id)], CancellationToken.None);
        Assert.Empty(await rest.GetToDeviceInboxAsync(device, cancellationToken: CancellationToken.None));
    }
}
