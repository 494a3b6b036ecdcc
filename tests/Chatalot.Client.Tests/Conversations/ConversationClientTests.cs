using Chatalot.Client.Tests.Infrastructure;
using Chatalot.Protocol;
using Chatalot.Protocol.Content;

namespace Chatalot.Client.Tests.Conversations;

/// <summary>The conversation API over an in-memory client: what it sends and what it refuses before sending.</summary>
public sealed class ConversationClientTests : IAsyncDisposable
{
    private readonly FakeChatalotClient _client = new();
    private readonly ChannelId _channel = new(Guid.NewGuid());

    public ValueTask DisposeAsync() => _client.DisposeAsync();

    private MessageContent LastSent => _client.SentContents.Last().Content;

    private async Task<MessageRef> PostAsync(string text) => (await _client.SendAsync(_channel, text)).ToRef(new UserId(Guid.NewGuid()));

    [Fact]
    public async Task ToggleReaction_AddsThenRemoves_AndShortcodesAreSentAsEmoji()
    {
        var target = await PostAsync("hi");

        await _client.Conversations.ToggleReactionAsync(_channel, target, ":tada:");
        Assert.Equal((ContentKind.ReactionAdd, "🎉"), (LastSent.Kind, LastSent.Emoji));
        Assert.Equal(1, Assert.Single(_client.Conversations.GetReactions(new MessageId(target.MessageId))).Count);

        await _client.Conversations.ToggleReactionAsync(_channel, target, "🎉");
        Assert.Equal(ContentKind.ReactionRemove, LastSent.Kind);
        Assert.Empty(_client.Conversations.GetReactions(new MessageId(target.MessageId)));
    }

    [Fact]
    public async Task React_RefusesA21stDistinctEmoji_WithReactionLimit_ButAllowsAnExistingOne()
    {
        var target = await PostAsync("popular");
        var emoji = Composer.SearchShortcodes("", 100).Select(s => s.Emoji).Distinct().Take(ChatalotLimits.ReactionsPerMessageMax + 1).ToList();
        foreach (var e in emoji.Take(ChatalotLimits.ReactionsPerMessageMax))
        {
            await _client.Conversations.ReactAsync(_channel, target, e);
        }

        var sent = _client.SentContents.Count;
        var ex = await Assert.ThrowsAsync<ChatalotClientException>(async () => await _client.Conversations.ReactAsync(_channel, target, emoji[^1]));
        Assert.Equal(ClientErrorCodes.ReactionLimit, ex.Code);
        Assert.Equal(sent, _client.SentContents.Count);
        await _client.Conversations.UnreactAsync(_channel, target, emoji[0]);
        await _client.Conversations.ReactAsync(_channel, target, emoji[1]);
    }

    [Fact]
    public async Task Polls_VoteAndClose_TallyAtOnce_AndAVoteOnAClosedPollIsRefused()
    {
        var self = _client.CurrentUserId!.Value;
        var poll = (await _client.Conversations.CreatePollAsync(_channel, new PollDefinition("Ship it?", ["yes", "no"]))).ToRef(self);
        await _client.Conversations.VoteAsync(_channel, poll, [0]);
        Assert.Equal([self], _client.Conversations.GetPoll(new MessageId(poll.MessageId))!.Options[0].Voters);

        await _client.Conversations.ClosePollAsync(_channel, poll);
        Assert.True(_client.Conversations.GetPoll(new MessageId(poll.MessageId))!.IsClosed);
        var ex = await Assert.ThrowsAsync<ChatalotClientException>(async () => await _client.Conversations.VoteAsync(_channel, poll, [1]));
        Assert.Equal(ClientErrorCodes.PollClosed, ex.Code);
    }

    [Fact]
    public async Task ClosingSomeoneElsesPoll_IsRefusedBeforeSending()
    {
        var theirs = new MessageRef(Guid.CreateVersion7(), Guid.NewGuid());
        var ex = await Assert.ThrowsAsync<ChatalotClientException>(async () => await _client.Conversations.ClosePollAsync(_channel, theirs));
        Assert.Equal(ClientErrorCodes.InvalidContent, ex.Code);
    }

    [Fact]
    public async Task ReplyAndThreadReply_SendTheirKindsAndTargets_ThroughTheComposer()
    {
        var root = await PostAsync("root");
        await _client.Conversations.ReplyAsync(_channel, root, "/shrug sure");
        Assert.Equal((ContentKind.Reply, root, "sure " + Composer.Shrug), (LastSent.Kind, LastSent.Target, LastSent.Text));

        await _client.Conversations.ReplyInThreadAsync(_channel, root, "in thread :+1:");
        Assert.Equal((ContentKind.ThreadReply, root, "in thread 👍"), (LastSent.Kind, LastSent.Target, LastSent.Text));
        Assert.Equal(1, _client.Conversations.GetThread(new MessageId(root.MessageId))!.ReplyCount);
    }

    [Fact]
    public async Task Forward_ReEncryptsTheTextMarkedForwarded_AndAnUnknownMessageIsRefused()
    {
        var original = await _client.Conversations.SendComposedAsync(_channel, "worth sharing");
        var destination = new ChannelId(Guid.NewGuid());

        await _client.Conversations.ForwardAsync(original.ToRef(_client.CurrentUserId!.Value), destination);

        var (channel, _, content, _) = _client.SentContents.Last();
        Assert.Equal(destination, channel);
        Assert.Equal("worth sharing", content.Text);
        Assert.Equal(new ForwardedFrom(_client.CurrentUserId!.Value.Value, original.SentAt, _channel.Value), content.ForwardedFrom);
        var ex = await Assert.ThrowsAsync<ChatalotClientException>(async () => await _client.Conversations.ForwardAsync(new MessageRef(Guid.NewGuid(), Guid.NewGuid()), destination));
        Assert.Equal(ClientErrorCodes.MessageUnknown, ex.Code);
    }

    [Fact]
    public async Task Bookmarks_WithoutAConnectedDevice_AreRefusedAsNotConnected()
    {
        var ex = await Assert.ThrowsAsync<ChatalotClientException>(() => _client.Conversations.GetBookmarksAsync());
        Assert.Equal(ClientErrorCodes.NotConnected, ex.Code);
    }

    [Fact]
    public async Task Restore_KeptReactionsVotesAndThreadReplies_CountAgain_AndLaterOnesAddOnTop()
    {
        var self = _client.CurrentUserId!.Value;
        var other = new UserId(Guid.NewGuid());
        var start = DateTimeOffset.UnixEpoch.AddYears(56);
        var root = new KeptMessage(new MessageId(Guid.CreateVersion7()), _channel, other, start, MessageContent.CreateText("kept root"));
        var poll = new KeptMessage(new MessageId(Guid.CreateVersion7()), _channel, other, start.AddSeconds(1), MessageContent.CreatePoll(new PollDefinition("Lunch?", ["pizza", "soup"])));
        var rootRef = new MessageRef(root.MessageId.Value, other.Value);
        var pollRef = new MessageRef(poll.MessageId.Value, other.Value);
        KeptMessage Kept(int second, MessageContent content) => new(new MessageId(Guid.CreateVersion7()), _channel, other, start.AddSeconds(second), content);
        KeptMessage[] kept =
        [
            // Out of order on purpose: a vote before its poll, as an archive may hand them back.
            Kept(5, MessageContent.CreatePollVote(pollRef, [1])),
            poll,
            root,
            Kept(2, MessageContent.CreateReaction(rootRef, "🎉")),
            Kept(3, MessageContent.CreateThreadReply(rootRef, "first in thread")),
            Kept(4, MessageContent.CreateThreadReply(rootRef, "second in thread")),
            Kept(6, new MessageContent { Kind = "future_kind" }),
        ];

        Assert.Equal(6, _client.Conversations.Restore(kept));
        Assert.Equal(6, _client.Conversations.Restore(kept));

        Assert.Equal(1, Assert.Single(_client.Conversations.GetReactions(root.MessageId)).Count);
        Assert.Equal([0, 1], _client.Conversations.GetPoll(poll.MessageId)!.Options.Select(o => o.Count));
        Assert.Equal(2, _client.Conversations.GetThread(root.MessageId)!.ReplyCount);

        // This session's own reaction and vote count on top of the restored ones, and the kept text can be forwarded.
        await _client.Conversations.ToggleReactionAsync(_channel, rootRef, ":tada:");
        await _client.Conversations.VoteAsync(_channel, pollRef, [1]);
        Assert.Equal([other, self], Assert.Single(_client.Conversations.GetReactions(root.MessageId)).Users);
        Assert.Equal(2, _client.Conversations.GetPoll(poll.MessageId)!.Options[1].Count);
        await _client.Conversations.ForwardAsync(rootRef, new ChannelId(Guid.NewGuid()));
        Assert.Equal("kept root", LastSent.Text);
    }

    [Fact]
    public void Restore_SkipsMalformedKeptMessages_AndNeedsAUser()
    {
        var noTarget = new KeptMessage(new MessageId(Guid.CreateVersion7()), _channel, new UserId(Guid.NewGuid()), DateTimeOffset.UnixEpoch, new MessageContent { Kind = ContentKind.ReactionAdd, Emoji = "👍" });
        Assert.Equal(0, _client.Conversations.Restore([noTarget]));
        Assert.Throws<ArgumentNullException>(() => _client.Conversations.Restore(null!));
    }
}
