using Chatalot.Client.Search;
using Chatalot.Protocol.Content;

namespace Chatalot.Client.Tests.Search;

/// <summary>The index: what it finds, in which order and pages, and how edits, deletes and its bound change it.</summary>
public class MessageSearchIndexTests
{
    private static readonly DateTimeOffset T0 = new(2025, 5, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly ChannelId General = new(Guid.NewGuid());
    private static readonly ChannelId Random = new(Guid.NewGuid());
    private static readonly MessageSender Alice = new(new UserId(Guid.NewGuid()), new DeviceId(1), "alice");
    private static readonly MessageSender Bob = new(new UserId(Guid.NewGuid()), new DeviceId(2));

    [Fact]
    public async Task Search_Word_MatchesCaseAndDiacriticInsensitively_NewestFirst()
    {
        var index = new MessageSearchIndex();
        var older = Add(index, "Le café est prêt", minutes: 1);
        var newer = Add(index, "CAFE time", minutes: 2);
        Add(index, "tea time", minutes: 3);

        var results = await index.SearchAsync("café ");
        Assert.Equal([newer, older], results.Hits.Select(h => h.MessageId));
        Assert.Equal(2, results.TotalCount);
        Assert.Null(results.NextCursor);
    }

    [Fact]
    public async Task Search_LastWord_IsAPrefix_EarlierWordsAreNot()
    {
        var index = new MessageSearchIndex();
        var deployment = Add(index, "the deployment failed", minutes: 1);
        Add(index, "deploy now", minutes: 2);
        Add(index, "the deploy", minutes: 3);

        Assert.Equal(3, (await index.SearchAsync("deplo")).TotalCount);
        Assert.Equal(2, (await index.SearchAsync("the deplo")).TotalCount);
        Assert.Equal(2, (await index.SearchAsync("deploy ")).TotalCount);
        Assert.Equal(deployment, Assert.Single((await index.SearchAsync("deploym")).Hits).MessageId);
        Assert.Empty((await index.SearchAsync("deplo failed")).Hits);
    }

    [Fact]
    public async Task Search_Phrase_NeedsTheWordsTogetherAndInOrder()
    {
        var index = new MessageSearchIndex();
        var together = Add(index, "see the Release Notes.", minutes: 1);
        Add(index, "notes about the release", minutes: 2);

        Assert.Equal(together, Assert.Single((await index.SearchAsync("\"release notes\"")).Hits).MessageId);
        Assert.Equal(2, (await index.SearchAsync("release notes ")).TotalCount);
    }

    [Fact]
    public async Task Search_Snippet_HighlightsTheMatchedWords()
    {
        var index = new MessageSearchIndex();
        Add(index, "Deploy the café\nafter lunch", minutes: 1);

        var hit = Assert.Single((await index.SearchAsync("cafe deplo")).Hits);
        Assert.Equal("Deploy the café after lunch", hit.Snippet);
        Assert.Equal(["Deploy", "café"], hit.Highlights.Select(h => hit.Snippet.Substring(h.Start, h.Length)));
        Assert.DoesNotContain("café", hit.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_LongMessage_SnippetIsCutAroundTheFirstMatch()
    {
        var index = new MessageSearchIndex();
        var text = string.Join(' ', Enumerable.Repeat("filler", 100)) + " needle " + string.Join(' ', Enumerable.Repeat("tail", 100));
        Add(index, text, minutes: 1);

        var hit = Assert.Single((await index.SearchAsync("needle", new SearchOptions { SnippetLength = 60 })).Hits);
        Assert.StartsWith("…", hit.Snippet, StringComparison.Ordinal);
        Assert.EndsWith("…", hit.Snippet, StringComparison.Ordinal);
        Assert.True(hit.Snippet.Length <= 62);
        Assert.Equal("needle", hit.Snippet.Substring(hit.Highlights[0].Start, hit.Highlights[0].Length));
    }

    [Fact]
    public async Task Search_Filters_FromInHasBeforeAfter()
    {
        var index = new MessageSearchIndex();
        index.SetChannelName(General, "General");
        index.SetChannelName(Random, "Random");
        var link = Add(index, "see https://example.com", minutes: 1, sender: Alice);
        var poll = AddContent(index, MessageContent.CreatePoll(new PollDefinition("Lunch?", ["Pizza", "Sushi"])), minutes: 2, sender: Bob, channel: Random);
        var mention = AddContent(index, MessageContent.CreateText("hi there", [Bob.UserId.Value]), minutes: 60 * 24, sender: Alice);
        var file = AddContent(index, new MessageContent { Kind = ContentKind.Text, Attachments = [new AttachmentRef(Guid.NewGuid(), new byte[32], new byte[32], 10, "image/png", "cat.png")] }, minutes: 60 * 48, sender: Bob);

        Assert.Equal([mention, link], await Ids(index, "from:alice"));
        Assert.Equal([mention, link], await Ids(index, "from:" + Alice.UserId));
        Assert.Equal([poll], await Ids(index, "from:alice from:nobody in:random from:" + Bob.UserId));
        Assert.Equal([file, mention, link], await Ids(index, "in:#general"));
        Assert.Equal([poll], await Ids(index, "in:" + Random + " sushi"));
        Assert.Equal([link], await Ids(index, "has:link"));
        Assert.Equal([poll], await Ids(index, "has:poll"));
        Assert.Equal([mention], await Ids(index, "has:mention"));
        Assert.Equal([file], await Ids(index, "has:attachment cat.png"));
        Assert.Empty(await Ids(index, "has:link has:poll"));
        Assert.Equal([poll, link], await Ids(index, "before:2025-05-02"));
        Assert.Equal([file], await Ids(index, "after:2025-05-02"));
        Assert.Equal([mention], await Ids(index, "after:2025-05-01 before:2025-05-03"));
        Assert.Equal([poll], await Ids(index, "after:2025-05-01T12:01Z before:2025-05-01T12:03Z"));
        Assert.Empty(await Ids(index, "from:nobody"));
        Assert.Empty(await Ids(index, "in:nowhere"));
    }

    [Fact]
    public void Add_ActionKinds_AreNotIndexed()
    {
        var index = new MessageSearchIndex();
        var target = new MessageRef(Guid.NewGuid(), Alice.UserId.Value, Guid.NewGuid());
        Assert.False(index.Add(Received(MessageContent.CreateReaction(target, ":smile:"), 1, Alice, General)));
        Assert.False(index.Add(Received(MessageContent.CreatePin(target), 2, Alice, General)));
        Assert.False(index.Add(Received(MessageContent.CreatePollVote(target, [0]), 3, Alice, General)));
        Assert.True(index.Add(Received(MessageContent.CreateReply(target, "smile back"), 4, Alice, General)));
        Assert.Equal(1, index.Count);
    }

    [Fact]
    public async Task Edit_ReplacesTheText_KeepsTheOriginalTime()
    {
        var index = new MessageSearchIndex();
        var id = Add(index, "first draft", minutes: 1);
        index.Update(new MessageEdited
        {
            MessageId = id,
            ChannelId = General,
            Sender = Alice,
            Text = "final version",
            Content = MessageContent.CreateEdit(new MessageRef(id.Value, Alice.UserId.Value, Guid.NewGuid()), "final version"),
            SentAt = T0.AddMinutes(99),
            EditedAt = T0.AddMinutes(5),
        });

        Assert.Empty((await index.SearchAsync("draft")).Hits);
        var hit = Assert.Single((await index.SearchAsync("final")).Hits);
        Assert.Equal(T0.AddMinutes(1), hit.SentAt);
        Assert.Equal(T0.AddMinutes(5), hit.EditedAt);
        Assert.Equal(1, index.Count);
    }

    [Fact]
    public async Task Delete_Removes_AndALateCopyIsNotIndexedAgain()
    {
        var index = new MessageSearchIndex();
        var id = Add(index, "secret plan", minutes: 1);
        Assert.True(index.Remove(id));
        Assert.Empty((await index.SearchAsync("secret")).Hits);
        Assert.False(index.Add(Received(MessageContent.CreateText("secret plan"), 1, Alice, General, id)));
        Assert.Equal(0, index.Count);
    }

    [Fact]
    public async Task Paging_WalksEveryHitOnce_NewestFirst_EvenWhenMessagesArriveBetweenPages()
    {
        var index = new MessageSearchIndex();
        var ids = Enumerable.Range(0, 23).Select(i => Add(index, "page item " + i, minutes: i)).ToList();
        var seen = new List<MessageId>();
        string? cursor = null;
        Assert.Equal(23, (await index.SearchAsync("item")).TotalCount);
        do
        {
            var page = await index.SearchAsync("item", new SearchOptions { Limit = 10, Cursor = cursor });
            seen.AddRange(page.Hits.Select(h => h.MessageId));
            cursor = page.NextCursor;
            Add(index, "newer item", minutes: 1000 + seen.Count);
        }
        while (cursor is not null);

        ids.Reverse();
        Assert.Equal(ids, seen);
    }

    [Fact]
    public async Task Search_BadCursor_IsATypedError()
    {
        var index = new MessageSearchIndex();
        var ex = await Assert.ThrowsAsync<SearchQueryException>(async () => await index.SearchAsync("x", new SearchOptions { Cursor = "not-a-cursor" }));
        Assert.Equal(SearchQueryError.InvalidCursor, ex.Error);
    }

    [Fact]
    public async Task Bound_DropsTheOldestByServerTime_NotTheFirstIndexed()
    {
        var index = new MessageSearchIndex(new SearchIndexOptions { MaxMessages = 3 });
        var newest = Add(index, "word newest", minutes: 100);
        Add(index, "word oldest", minutes: 1);
        var middle = Add(index, "word middle", minutes: 50);
        var late = Add(index, "word late", minutes: 60);

        Assert.Equal(3, index.Count);
        Assert.Equal([newest, late, middle], await Ids(index, "word"));
    }

    [Fact]
    public async Task ManyEdits_CompactTheIndex_AndResultsStayRight()
    {
        var index = new MessageSearchIndex();
        var ids = Enumerable.Range(0, 50).Select(i => Add(index, "alpha " + i, minutes: i)).ToList();
        for (var round = 0; round < 60; round++)
        {
            foreach (var id in ids)
            {
                index.Update(new MessageEdited
                {
                    MessageId = id,
                    ChannelId = General,
                    Sender = Alice,
                    Text = "beta",
                    Content = MessageContent.CreateEdit(new MessageRef(id.Value, Alice.UserId.Value, Guid.NewGuid()), $"beta round{round}"),
                    SentAt = T0,
                    EditedAt = T0.AddHours(round),
                });
            }
        }

        Assert.Equal(50, (await index.SearchAsync("beta round59")).TotalCount);
        Assert.Empty((await index.SearchAsync("round58 ")).Hits);
        Assert.Empty((await index.SearchAsync("alpha")).Hits);
    }

    [Fact]
    public void Observe_FeedsFromTheClientsEvents()
    {
        var index = new MessageSearchIndex();
        var id = Add(index, "hello", minutes: 1);
        index.Observe(new MessageDeleted { ChannelId = General, MessageId = id });
        Assert.Equal(0, index.Count);
        index.Observe(Received(MessageContent.CreateText("again"), 2, Alice, General));
        Assert.Equal(1, index.Count);
    }

    [Fact]
    public async Task Search_ConcurrentWithIndexing_IsSafe()
    {
        var index = new MessageSearchIndex();
        var writer = Task.Run(() =>
        {
            for (var i = 0; i < 2_000; i++)
            {
                Add(index, "load " + i, minutes: i);
            }
        });
        while (!writer.IsCompleted)
        {
            await index.SearchAsync("load");
        }

        await writer;
        Assert.Equal(2_000, (await index.SearchAsync("load")).TotalCount);
    }

    [Fact]
    public async Task AddKept_ArchivedHistory_IsFoundWithItsEditAndFilters_AndADeletedOneStaysOut()
    {
        // An application's own archive read back after a restart: the index starts empty.
        var index = new MessageSearchIndex();
        var kept = new MessageId(Guid.CreateVersion7());
        var deleted = new MessageId(Guid.CreateVersion7());
        Assert.True(index.Add(kept, General, Alice, T0.AddMinutes(1), MessageContent.CreateText("archived release notes @bob", [Bob.UserId.Value]), editedAt: T0.AddMinutes(5)));
        Assert.False(index.Add(new MessageId(Guid.CreateVersion7()), General, Alice, T0, MessageContent.CreateText(string.Empty)));
        index.Remove(deleted);
        Assert.False(index.Add(deleted, General, Alice, T0.AddMinutes(2), MessageContent.CreateText("archived but deleted")));

        var hit = Assert.Single((await index.SearchAsync("archived from:alice has:mention")).Hits);
        Assert.Equal(kept, hit.MessageId);
        Assert.Equal(T0.AddMinutes(1), hit.SentAt);
        Assert.Equal(T0.AddMinutes(5), hit.EditedAt);

        // Offering it again (a live copy after the archive) replaces rather than duplicates it.
        index.Add(Received(MessageContent.CreateText("archived release notes, live"), 1, Alice, General, kept));
        Assert.Equal(1, index.Count);
        Assert.Throws<ArgumentNullException>(() => index.Add(kept, General, null!, T0, MessageContent.CreateText("x")));
    }

    [Fact]
    public async Task Options_OutOfRange_AreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MessageSearchIndex(new SearchIndexOptions { MaxMessages = 0 }));
        var index = new MessageSearchIndex();
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await index.SearchAsync("x", new SearchOptions { Limit = 101 }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await index.SearchAsync("x", new SearchOptions { SnippetLength = 5 }));
    }

    private static async Task<List<MessageId>> Ids(MessageSearchIndex index, string query) =>
        [.. (await index.SearchAsync(query, new SearchOptions { Limit = 100 })).Hits.Select(h => h.MessageId)];

    private static MessageId Add(MessageSearchIndex index, string text, int minutes, MessageSender? sender = null) =>
        AddContent(index, MessageContent.CreateText(text), minutes, sender);

    private static MessageId AddContent(MessageSearchIndex index, MessageContent content, int minutes, MessageSender? sender = null, ChannelId? channel = null)
    {
        var message = Received(content, minutes, sender ?? Alice, channel ?? General);
        index.Add(message);
        return message.MessageId;
    }

    private static MessageReceived Received(MessageContent content, int minutes, MessageSender sender, ChannelId channel, MessageId? id = null) => new()
    {
        MessageId = id ?? new MessageId(Guid.CreateVersion7()),
        ChannelId = channel,
        Sender = sender,
        Text = content.Text ?? string.Empty,
        Content = content,
        SentAt = T0.AddMinutes(minutes),
    };
}
