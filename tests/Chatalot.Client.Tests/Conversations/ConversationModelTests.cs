using Chatalot.Client.Conversations.Internal;
using Chatalot.Protocol;
using Chatalot.Protocol.Content;

namespace Chatalot.Client.Tests.Conversations;

/// <summary>The client-side aggregates: reactions, poll tallies, pins, threads, quotes and mentions, with no I/O.</summary>
public sealed class ConversationModelTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.UnixEpoch.AddDays(20_000);
    private readonly ChannelId _channel = new(Guid.NewGuid());
    private readonly UserId _alice = new(Guid.NewGuid());
    private readonly UserId _bob = new(Guid.NewGuid());
    private readonly UserId _carol = new(Guid.NewGuid());
    private readonly ConversationModel _model = new();
    private int _tick;

    /// <summary>A message at the next position (server time one millisecond later, UUIDv7 id).</summary>
    private Observed At(UserId sender, MessageContent content, bool live = true, int? tick = null)
    {
        var at = T0.AddMilliseconds(tick ?? ++_tick);
        return new Observed(new MessageId(Guid.CreateVersion7(at)), _channel, sender, at, content with { ClientMessageId = Guid.CreateVersion7(at) }, IsDirect: false, live);
    }

    private ConversationModel.Outcome Observe(Observed message) => _model.Observe(message, _alice, T0);

    private MessageRef Post(UserId sender, string text = "hello")
    {
        var message = At(sender, MessageContent.CreateText(text));
        Observe(message);
        return message.Ref;
    }

    [Fact]
    public void Reactions_CountEachUserOnce_InFirstReactionOrder_AndRaiseTheNewSummary()
    {
        var target = Post(_alice);

        var first = Observe(At(_bob, MessageContent.CreateReaction(target, "🎉")));
        Observe(At(_carol, MessageContent.CreateReaction(target, "👍")));
        var twice = Observe(At(_bob, MessageContent.CreateReaction(target, "🎉")));
        Observe(At(_carol, MessageContent.CreateReaction(target, "🎉")));

        var changed = Assert.IsType<ReactionsChanged>(Assert.Single(first.Changes));
        Assert.Equal(target.MessageId, changed.MessageId.Value);
        Assert.Empty(twice.Changes);
        var summary = _model.Reactions(new MessageId(target.MessageId));
        Assert.Equal(["🎉", "👍"], summary.Select(s => s.Emoji));
        Assert.Equal(2, summary[0].Count);
        Assert.Equal([_bob, _carol], summary[0].Users);
    }

    [Fact]
    public void ReactionRemove_TakesAwayOnlyTheSendersOwnReaction()
    {
        var target = Post(_alice);
        Observe(At(_bob, MessageContent.CreateReaction(target, "🎉")));
        Observe(At(_carol, MessageContent.CreateReaction(target, "🎉", remove: true)));
        Assert.Equal([_bob], Assert.Single(_model.Reactions(new MessageId(target.MessageId))).Users);

        Observe(At(_bob, MessageContent.CreateReaction(target, "🎉", remove: true)));
        Assert.Empty(_model.Reactions(new MessageId(target.MessageId)));
    }

    [Fact]
    public void Reactions_DoNotDependOnArrivalOrder_TheLaterPositionWins()
    {
        var target = Post(_alice);
        var add = At(_bob, MessageContent.CreateReaction(target, "🎉"));
        var remove = At(_bob, MessageContent.CreateReaction(target, "🎉", remove: true));

        Observe(remove);
        Observe(add);

        Assert.Empty(_model.Reactions(new MessageId(target.MessageId)));
    }

    [Fact]
    public void ShortcodeAndEmoji_CountAsOneReaction()
    {
        var target = Post(_alice);
        Observe(At(_bob, MessageContent.CreateReaction(target, ":+1:")));
        Observe(At(_carol, MessageContent.CreateReaction(target, "👍")));
        Assert.Equal(2, Assert.Single(_model.Reactions(new MessageId(target.MessageId))).Count);
    }

    [Fact]
    public void A21stDistinctEmoji_IsNotShown_AndTheMessageIsFull()
    {
        var target = Post(_alice);
        var emoji = Composer.SearchShortcodes("", ChatalotLimits.ReactionsPerMessageMax + 1).Select(s => s.Emoji).Distinct().ToList();
        foreach (var e in emoji)
        {
            Observe(At(_bob, MessageContent.CreateReaction(target, e)));
        }

        var summary = _model.Reactions(new MessageId(target.MessageId));
        Assert.Equal(ChatalotLimits.ReactionsPerMessageMax, summary.Count);
        Assert.DoesNotContain(summary, s => s.Emoji == emoji[^1]);
        Assert.True(_model.ReactionsFull(new MessageId(target.MessageId), "🦄"));
        Assert.False(_model.ReactionsFull(new MessageId(target.MessageId), emoji[0]));
    }

    private MessageRef OpenPoll(UserId author, bool multi = false, DateTimeOffset? closesAt = null)
    {
        var poll = At(author, MessageContent.CreatePoll(new PollDefinition("Lunch?", ["pizza", "sushi", "salad"], multi, closesAt)));
        Observe(poll);
        return poll.Ref;
    }

    private PollTally Tally(MessageRef poll) => _model.Poll(new MessageId(poll.MessageId), T0)!;

    [Fact]
    public void PollVote_LaterVoteReplacesEarlier_EmptyWithdraws_AndEachChangeRaisesTheTally()
    {
        var poll = OpenPoll(_alice);
        var voted = Observe(At(_bob, MessageContent.CreatePollVote(poll, [0])));
        Observe(At(_carol, MessageContent.CreatePollVote(poll, [0])));
        Observe(At(_bob, MessageContent.CreatePollVote(poll, [1])));

        var update = Assert.IsType<PollUpdated>(Assert.Single(voted.Changes));
        Assert.Equal(1, update.Tally.TotalVoters);
        var tally = Tally(poll);
        Assert.Equal(2, tally.TotalVoters);
        Assert.Equal([_carol], tally.Options[0].Voters);
        Assert.Equal([_bob], tally.Options[1].Voters);

        Observe(At(_carol, MessageContent.CreatePollVote(poll, [])));
        Assert.Equal(1, Tally(poll).TotalVoters);
        Assert.Equal(0, Tally(poll).Options[0].Count);
    }

    [Fact]
    public void SingleSelectPoll_CountsOnlyTheFirstIndex_MultiSelectCountsAll_OutOfRangeIsDropped()
    {
        var single = OpenPoll(_alice);
        var multi = OpenPoll(_alice, multi: true);
        Observe(At(_bob, MessageContent.CreatePollVote(single, [2, 0])));
        Observe(At(_bob, MessageContent.CreatePollVote(multi, [2, 0, 7])));

        Assert.Equal([0, 0, 1], Tally(single).Options.Select(o => o.Count));
        Assert.Equal([1, 0, 1], Tally(multi).Options.Select(o => o.Count));
    }

    [Fact]
    public void VotesAfterTheAuthorsClose_AreIgnored_ButTheVoterEarlierVoteStands()
    {
        var poll = OpenPoll(_alice);
        Observe(At(_bob, MessageContent.CreatePollVote(poll, [0])));
        var closed = Observe(At(_alice, MessageContent.CreatePollClose(poll)));
        Observe(At(_bob, MessageContent.CreatePollVote(poll, [1])));
        Observe(At(_carol, MessageContent.CreatePollVote(poll, [1])));

        Assert.True(Assert.IsType<PollUpdated>(Assert.Single(closed.Changes)).Tally.IsClosed);
        var tally = Tally(poll);
        Assert.Equal([1, 0, 0], tally.Options.Select(o => o.Count));
        Assert.Equal(1, tally.TotalVoters);
    }

    [Fact]
    public void ACloseByAnyoneButTheAuthor_IsIgnored()
    {
        var poll = OpenPoll(_alice);
        Observe(At(_bob, MessageContent.CreatePollClose(poll with { AuthorId = _bob.Value })));
        Observe(At(_carol, MessageContent.CreatePollVote(poll, [2])));

        Assert.False(Tally(poll).IsClosed);
        Assert.Equal(1, Tally(poll).Options[2].Count);
    }

    [Fact]
    public void VotesStoredAfterClosesAt_AreIgnored_AndThePollShowsClosedOnceItPassed()
    {
        var poll = OpenPoll(_alice, closesAt: T0.AddMilliseconds(100));
        Observe(At(_bob, MessageContent.CreatePollVote(poll, [0]), tick: 50));
        Observe(At(_carol, MessageContent.CreatePollVote(poll, [1]), tick: 150));

        Assert.Equal([1, 0, 0], Tally(poll).Options.Select(o => o.Count));
        Assert.False(Tally(poll).IsClosed);
        Assert.True(_model.Poll(new MessageId(poll.MessageId), T0.AddSeconds(1))!.IsClosed);
    }

    [Fact]
    public void VotesArrivingBeforeTheirPoll_AreTalliedOnceThePollArrives()
    {
        var poll = At(_alice, MessageContent.CreatePoll(new PollDefinition("Q?", ["a", "b"])));
        var early = Observe(At(_bob, MessageContent.CreatePollVote(poll.Ref, [1])));
        var opened = Observe(poll);

        Assert.Empty(early.Changes);
        Assert.Equal(1, Assert.IsType<PollUpdated>(Assert.Single(opened.Changes)).Tally.Options[1].Count);
    }

    [Fact]
    public void ReplyAndThreadReply_QuoteTheTargetWithAPreview_AndThreadsCount()
    {
        var root = Post(_bob, "first line of the root\nsecond line");
        var reply = Observe(At(_carol, MessageContent.CreateReply(root, "agreed")));
        var inThread = At(_carol, MessageContent.CreateThreadReply(root, "in the thread"));
        var threaded = Observe(inThread);
        Observe(inThread);

        Assert.Equal(new QuotedMessage(root, InThread: false, "first line of the root"), reply.Quote);
        Assert.True(threaded.Quote!.InThread);
        var thread = _model.Thread(new MessageId(root.MessageId))!;
        Assert.Equal(1, thread.ReplyCount);
        Assert.Equal(inThread.Id, thread.LastReply);
    }

    [Fact]
    public void AReplyToAnUnseenMessage_HasNoPreview_AndALongOneIsCut()
    {
        var unseen = new MessageRef(Guid.CreateVersion7(), _bob.Value);
        Assert.Null(Observe(At(_carol, MessageContent.CreateReply(unseen, "what?"))).Quote!.Preview);

        var longOne = Post(_bob, new string('x', 500));
        var preview = Observe(At(_carol, MessageContent.CreateReply(longOne, "tl;dr"))).Quote!.Preview!;
        Assert.Equal(120, preview.Length);
        Assert.EndsWith("…", preview, StringComparison.Ordinal);
    }

    [Fact]
    public void EditsChangeThePreview_DeletesForgetTheMessage()
    {
        var target = Post(_bob, "before");
        _model.ObserveEdit(new MessageId(target.MessageId), MessageContent.CreateEdit(target, "after"));
        Assert.Equal("after", Observe(At(_carol, MessageContent.CreateReply(target, "re"))).Quote!.Preview);

        _model.ObserveDeleted(new MessageId(target.MessageId));
        Assert.Null(_model.Find(new MessageId(target.MessageId)));
    }

    [Fact]
    public void MentionsMe_ById_Everyone_AndHereOnlyWhenLive_NeverForOwnMessages()
    {
        Assert.True(Observe(At(_bob, MessageContent.CreateText("hi @alice", [_alice.Value]))).MentionsMe);
        Assert.False(Observe(At(_bob, MessageContent.CreateText("hi @carol", [_carol.Value]))).MentionsMe);
        Assert.True(Observe(At(_bob, MessageContent.CreateText("all") with { MentionsEveryone = true })).MentionsMe);
        Assert.True(Observe(At(_bob, MessageContent.CreateText("online?") with { MentionsHere = true })).MentionsMe);
        Assert.False(Observe(At(_bob, MessageContent.CreateText("online?") with { MentionsHere = true }, live: false)).MentionsMe);
        Assert.False(Observe(At(_alice, MessageContent.CreateText("me @alice", [_alice.Value]))).MentionsMe);
    }

    [Fact]
    public void RememberedMessages_AreBounded()
    {
        var small = new ConversationModel(rememberedMessages: 2);
        var messages = Enumerable.Range(0, 3).Select(_ => At(_bob, MessageContent.CreateText("m"))).ToList();
        foreach (var m in messages)
        {
            small.Observe(m, _alice, T0);
        }

        Assert.Null(small.Find(messages[0].Id));
        Assert.NotNull(small.Find(messages[2].Id));
    }
}
