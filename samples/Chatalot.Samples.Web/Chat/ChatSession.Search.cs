using Chatalot.Client;
using Chatalot.Client.Search;
using Chatalot.Protocol.Content;

namespace Chatalot.Samples.Web.Chat;

/// <summary>
/// Search over this browser's decrypted history with the SDK's index (<c>client.Search</c>). The index lives in memory
/// and sees what the client decrypts in this session; the messages decrypted before a reload are in the sealed archive
/// only, so after an unlock the archive is read back into the index, a page at a time in the background.
/// </summary>
public sealed partial class ChatSession
{
    // Small pages: decrypting runs on the one UI thread, so each page is a short pause the browser can render between.
    private const int IndexFeedPage = 50;
    private int _indexFeedGeneration;

    /// <summary>Whether archived history is still being added to the search index (results may be incomplete).</summary>
    public bool SearchIndexing { get; private set; }

    /// <summary>How many archived messages were added to the index since the unlock.</summary>
    public int SearchIndexedFromArchive { get; private set; }

    /// <summary>One page of results, newest first; throws <see cref="SearchQueryException"/> for a malformed query.</summary>
    public async Task<SearchResults> SearchAsync(string query, string? cursor, CancellationToken cancellationToken)
    {
        var client = RequireClient();
        return await client.Search.SearchAsync(query, new SearchOptions { Limit = 25, Cursor = cursor, TimeZone = TimeZoneInfo.Local }, cancellationToken);
    }

    /// <summary>Reads the whole archive into the search index (started once the session is ready; runs in the background).</summary>
    internal async Task IndexArchiveAsync()
    {
        if (_archive is not { } archive || Client is not { } client)
        {
            return;
        }

        await RegisterTestHooksAsync();
        var generation = ++_indexFeedGeneration;
        SearchIndexing = true;
        SearchIndexedFromArchive = 0;
        Notify();
        try
        {
            var usernames = Communities.SelectMany(c => c.Members).DistinctBy(m => m.UserId).ToDictionary(m => m.UserId, m => m.Username);
            string? after = null;
            do
            {
                var (page, next) = await archive.ScanAsync(after, IndexFeedPage);
                if (generation != _indexFeedGeneration || !ReferenceEquals(Client, client))
                {
                    return;
                }

                foreach (var message in page)
                {
                    if (message.Text is not { Length: > 0 } text)
                    {
                        continue;
                    }

                    var content = MessageContent.CreateText(text, message.Mentions) with
                    {
                        MentionsEveryone = message.MentionsEveryone ? true : null,
                        Action = message.IsAction ? true : null,
                    };
                    var sender = new MessageSender(new UserId(message.SenderId), new DeviceId(message.SenderDevice ?? 0), usernames.GetValueOrDefault(message.SenderId));
                    if (client.Search.Add(new MessageId(message.Id), new ChannelId(message.ChannelId), sender, message.SentAt, content, message.EditedAt))
                    {
                        SearchIndexedFromArchive++;
                    }
                }

                after = next;
                // Let the page breathe between pages: the interpreter runs everything on the one UI thread.
                await Task.Yield();
            }
            while (after is not null);
        }
        catch (Exception ex) when (ex is Microsoft.JSInterop.JSException or InvalidOperationException)
        {
            loggers.CreateLogger<ChatSession>().LogWarning("Could not read the archive into the search index: {Error}", ex.GetType().Name);
        }
        finally
        {
            if (generation == _indexFeedGeneration)
            {
                SearchIndexing = false;
                Notify();
            }
        }
    }

#if DEBUG
    /// <summary>Test seeding (<see cref="ArchiveTestHooks"/>): writes sealed messages straight into the archive.</summary>
    internal async Task SeedArchiveAsync(IReadOnlyList<ChatMessage> messages)
    {
        if (_archive is { } archive)
        {
            await archive.SaveManyAsync(messages);
        }
    }

    /// <summary>Registers <c>window.chatalotTestHooks</c> (Debug builds only).</summary>
    private async Task RegisterTestHooksAsync()
    {
        try
        {
            await browser.SetTestHooksAsync(Microsoft.JSInterop.DotNetObjectReference.Create(new ArchiveTestHooks(this)));
        }
        catch (Microsoft.JSInterop.JSException)
        {
        }
    }
#else
    private static Task RegisterTestHooksAsync() => Task.CompletedTask;
#endif
}
