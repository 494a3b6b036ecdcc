using Chatalot.Client;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Content;

namespace Chatalot.IntegrationTests.Client;

/// <summary>
/// Two real clients through a real server: reactions, polls, replies, mentions, pins and forwards arrive end to end
/// encrypted and each client aggregates them to the same view; bookmarks reach the user's other device only.
/// </summary>
public sealed class ConversationTests : IAsyncLifetime
{
    private ClientHarness _harness = null!;
    private Party _alice = null!;
    private Party _bob = null!;
    private Space _space = null!;

    public async Task InitializeAsync()
    {
        _harness = await ClientHarness.StartAsync();
        _alice = await _harness.CreateAsync("alice");
        _bob = await _harness.CreateAsync("bob");
        _space = await ClientHarness.SetUpGroupAsync(_alice, _bob);
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task ReactionsPollsRepliesMentionsAndPins_AggregateAlikeOnBothClients()
    {
        var general = _space.General;
        var post = await _alice.Client.Conversations.SendComposedAsync(general, "Lunch plans? :pizza:");
        var seen = await _bob.ReceiveAsync(post.MessageId);
        Assert.Equal("Lunch plans? 🍕", seen.Text);

        // Reactions: bob reacts (twice: counts once), alice sees the summary.
        await _bob.Client.Conversations.ReactAsync(general, seen.ToRef(), "👍");
        await _bob.Client.Conversations.ReactAsync(general, seen.ToRef(), ":+1:");
        await _alice.Client.Conversations.ReactAsync(general, seen.ToRef(), "🎉");
        await _alice.WaitUntilAsync(() => _alice.Client.Conversations.GetReactions(post.MessageId) is [{ Emoji: "👍", Count: 1 }, { Emoji: "🎉", Count: 1 }], "both reactions");
        await _bob.WaitUntilAsync(() => _bob.Client.Conversations.GetReactions(post.MessageId) is [{ Emoji: "👍" }, { Emoji: "🎉", Users: [var u] }] && u == _alice.Id, "alice's reaction at bob");
        var changed = await _alice.ExpectAsync<ReactionsChanged>(r => r.MessageId == post.MessageId && r.Reactions.Count == 2);
        Assert.Equal(general, changed.ChannelId);

        // Polls: alice opens, bob votes twice (the later counts), alice closes; a later vote is ignored.
        var poll = await _alice.Client.Conversations.CreatePollAsync(general, new PollDefinition("Where?", ["pizza", "sushi"]));
        var pollRef = (await _bob.ReceiveAsync(poll.MessageId)).ToRef();
        await _bob.Client.Conversations.VoteAsync(general, pollRef, [0]);
        await _bob.Client.Conversations.VoteAsync(general, pollRef, [1]);
        await _alice.WaitUntilAsync(() => _alice.Client.Conversations.GetPoll(poll.MessageId) is { TotalVoters: 1 } t && t.Options[1].Count == 1, "bob's second vote");
        await _alice.Client.Conversations.ClosePollAsync(general, pollRef);
        await _bob.ExpectAsync<PollUpdated>(p => p.Tally.Poll == poll.MessageId && p.Tally.IsClosed);
        await Assert.ThrowsAsync<ChatalotClientException>(async () => await _bob.Client.Conversations.VoteAsync(general, pollRef, [0]));

        // Replies quote with a preview; mentions reach the mentioned user.
        var reply = await _bob.Client.Conversations.ReplyAsync(general, seen.ToRef(), "@" + _alice.Name + " sushi!", [new ConversationMember(_alice.Id, _alice.Name)]);
        var received = await _alice.ReceiveAsync(reply.MessageId);
        Assert.Equal(new QuotedMessage(seen.ToRef(), InThread: false, "Lunch plans? 🍕"), received.ReplyTo);
        Assert.True(received.MentionsMe);
        var thread = await _bob.Client.Conversations.ReplyInThreadAsync(general, seen.ToRef(), "thread");
        Assert.True((await _alice.ReceiveAsync(thread.MessageId)).ReplyTo!.InThread);
        Assert.Equal(1, _alice.Client.Conversations.GetThread(post.MessageId)!.ReplyCount);

        // Pins are server metadata: the owner pins, every member hears of it.
        await _alice.Client.Conversations.PinAsync(general, post.MessageId);
        await _bob.ExpectAsync<MessagePinned>(p => p.MessageId == post.MessageId);
        Assert.Equal(post.MessageId.Value, Assert.Single(await _bob.Client.Conversations.GetPinsAsync(general)).MessageId);
    }

    [Fact]
    public async Task AfterARestart_RestoringKeptMessages_BringsBackCounts_AndLaterReactionsAddOnTop()
    {
        var general = _space.General;
        var post = await _alice.Client.Conversations.SendComposedAsync(general, "keep this");
        var poll = await _alice.Client.Conversations.CreatePollAsync(general, new PollDefinition("Again?", ["yes", "no"]));
        var seenPost = await _bob.ReceiveAsync(post.MessageId);
        var seenPoll = await _bob.ReceiveAsync(poll.MessageId);
        await _alice.Client.Conversations.ReactAsync(general, seenPost.ToRef(), "🎉");
        await _bob.Client.Conversations.VoteAsync(general, seenPoll.ToRef(), [0]);
        await _bob.WaitUntilAsync(() => _bob.Client.Conversations.GetReactions(post.MessageId) is [{ Count: 1 }], "alice's reaction");

        // What an app would have archived: every message bob's client delivered (his own vote he built himself).
        var kept = _bob.Seen.OfType<MessageReceived>()
            .Select(m => new KeptMessage(m.MessageId, m.ChannelId, m.Sender.UserId, m.SentAt, m.Content, m.IsDirect))
            .Append(new KeptMessage(new MessageId(Guid.CreateVersion7()), general, _bob.Id, DateTimeOffset.UtcNow, MessageContent.CreatePollVote(seenPoll.ToRef(), [0])))
            .ToList();

        _bob = await _harness.RestartAsync(_bob);
        Assert.Empty(_bob.Client.Conversations.GetReactions(post.MessageId));
        _bob.Client.Conversations.Restore(kept);
        Assert.Equal(1, Assert.Single(_bob.Client.Conversations.GetReactions(post.MessageId)).Count);
        Assert.Equal(1, _bob.Client.Conversations.GetPoll(poll.MessageId)!.Options[0].Count);

        // The restarted client is receiving live again before the reactions go out.
        var ping = await _alice.Client.SendAsync(general, "still there?");
        await _bob.ReceiveAsync(ping.MessageId);

        // Alice's next reaction and vote arrive after the restart and count on top; bob's toggle knows his restored vote's poll.
        await _alice.Client.Conversations.ReactAsync(general, seenPost.ToRef(), "👍");
        await _alice.Client.Conversations.VoteAsync(general, seenPoll.ToRef(), [0]);
        await _bob.WaitUntilAsync(() => _bob.Client.Conversations.GetReactions(post.MessageId).Count == 2, "alice's second reaction on top of the restored one");
        await _bob.WaitUntilAsync(() => _bob.Client.Conversations.GetPoll(poll.MessageId) is { TotalVoters: 2 } t && t.Options[0].Count == 2, "alice's vote on top of bob's restored one");
        var forwarded = await _bob.Client.Conversations.ForwardAsync(seenPost.ToRef(), _alice.Id);
        Assert.Equal("keep this", (await _alice.ReceiveAsync(forwarded.MessageId)).Text);
    }

    [Fact]
    public async Task Forward_ArrivesAsANewEncryptedMessage_MarkedForwarded()
    {
        var original = await _alice.Client.SendAsync(_space.General, "forward me");
        var seen = await _bob.ReceiveAsync(original.MessageId);

        var forwarded = await _bob.Client.Conversations.ForwardAsync(seen.ToRef(), _alice.Id);

        var copy = await _alice.ReceiveAsync(forwarded.MessageId);
        Assert.Equal("forward me", copy.Text);
        Assert.True(copy.IsDirect);
        Assert.Equal(new ForwardedFrom(_alice.Id.Value, original.SentAt, _space.General.Value), copy.Content.ForwardedFrom);
    }

    [Fact]
    public async Task Bookmarks_SyncToTheUsersOtherDevice_AndPersistInTheStore()
    {
        var post = await _bob.Client.SendAsync(_space.General, "save this");
        var seen = await _alice.ReceiveAsync(post.MessageId);
        var phone = await _harness.AddDeviceAsync(_alice);

        await _alice.Client.Conversations.BookmarkAsync(_space.General, seen.ToRef(), "for later");

        await phone.WaitUntilAsync(() => phone.Client.Conversations.GetBookmarksAsync().Result is [{ Note: "for later" } b] && b.Message.MessageId == post.MessageId.Value, "the bookmark on the other device");
        Assert.Empty(await _bob.Client.Conversations.GetBookmarksAsync());

        await phone.Client.Conversations.RemoveBookmarkAsync(_space.General, seen.ToRef());
        await _alice.WaitUntilAsync(() => _alice.Client.Conversations.GetBookmarksAsync().Result.Count == 0, "the removal on the first device");

        await _alice.Client.Conversations.BookmarkAsync(_space.General, seen.ToRef());
        var restarted = await _harness.RestartAsync(_alice);
        Assert.Single(await restarted.Client.Conversations.GetBookmarksAsync());
    }

    [Fact]
    public async Task Bookmarks_ReachADeviceAddedLater_RemovalsIncluded()
    {
        var kept = await _bob.Client.SendAsync(_space.General, "keep this");
        var dropped = await _bob.Client.SendAsync(_space.General, "not this");
        var keptRef = (await _alice.ReceiveAsync(kept.MessageId)).ToRef();
        var droppedRef = (await _alice.ReceiveAsync(dropped.MessageId)).ToRef();
        await _alice.Client.Conversations.BookmarkAsync(_space.General, keptRef, "the keeper");
        await _alice.Client.Conversations.BookmarkAsync(_space.General, droppedRef);
        await _alice.Client.Conversations.RemoveBookmarkAsync(_space.General, droppedRef);

        // A device created afterwards asks the others once; alice's first device answers with what it holds.
        var laptop = await _harness.AddDeviceAsync(_alice);

        await laptop.WaitUntilAsync(() => laptop.Client.Conversations.GetBookmarksAsync().Result is [{ Note: "the keeper" } b] && b.Message.MessageId == kept.MessageId.Value, "the earlier bookmark on the new device");
        Assert.Empty(await _bob.Client.Conversations.GetBookmarksAsync());

        // The removal travelled with it (only the keeper shows), and changes made after the sync keep reaching the laptop.
        await _alice.Client.Conversations.BookmarkAsync(_space.General, droppedRef, "now yes");
        await laptop.WaitUntilAsync(() => laptop.Client.Conversations.GetBookmarksAsync().Result.Count == 2, "a later bookmark still syncs");
    }

    [Fact]
    public async Task BookmarkSyncRequest_FromADeviceRemovedSince_IsDropped_AndTheSessionStillStarts()
    {
        var post = await _bob.Client.SendAsync(_space.General, "saved before");
        await _alice.Client.Conversations.BookmarkAsync(_space.General, (await _alice.ReceiveAsync(post.MessageId)).ToRef());

        // Alice's first device is offline while a browser joins with her recovery key (asking it for the bookmarks) and
        // signs out again, leaving her account's device list.
        var recoveryKey = await _alice.Client.Devices.SetUpRecoveryKeyAsync();
        var firstDevice = _alice.Client.CurrentDeviceId!.Value;
        await ClientHarness.StopAsync(_alice);
        var browser = await _harness.SignInNewDeviceAsync(_alice);
        await browser.Client.Devices.RestoreAsync(recoveryKey);
        var rest = await _harness.SignInRestAsync(_alice);
        await browser.WaitUntilAsync(() => rest.GetToDeviceInboxAsync(firstDevice).Result.Count > 0, "the bookmark request waiting for the first device");
        await browser.Client.Devices.RemoveThisDeviceAsync();
        await ClientHarness.StopAsync(browser);

        // Back online, the first device cannot answer a device that is gone; it drops the request and carries on.
        _alice = await _harness.RestartAsync(_alice);
        var after = await _bob.Client.SendAsync(_space.General, "still reachable");
        await _alice.ReceiveAsync(after.MessageId);
        Assert.Single(await _alice.Client.Conversations.GetBookmarksAsync());
    }
}
