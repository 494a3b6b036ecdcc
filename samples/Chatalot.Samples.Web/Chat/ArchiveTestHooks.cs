#if DEBUG
using Microsoft.JSInterop;

namespace Chatalot.Samples.Web.Chat;

/// <summary>
/// Debug builds only (the browser tests run the Debug sample server): fills a channel's local archive with many
/// messages at once, sealed exactly like real ones, so a test can open a 10,000-message channel without a bot sending
/// 10,000 messages through the server. It writes only this browser's own archive; nothing is sent anywhere.
/// Exposed as <c>window.chatalotTestHooks</c>.
/// </summary>
public sealed class ArchiveTestHooks(ChatSession session)
{
    [JSInvokable]
    public async Task<int> SeedArchive(string channelId, int count, string prefix)
    {
        var channel = Guid.Parse(channelId);
        var me = session.Me ?? throw new InvalidOperationException("Not signed in.");
        // Older than anything real in the channel: the seeded history ends an hour before now.
        var end = DateTimeOffset.UtcNow.AddHours(-1);
        const int Batch = 1000;
        for (var from = 0; from < count; from += Batch)
        {
            var batch = new List<ChatMessage>(Batch);
            for (var i = from; i < Math.Min(count, from + Batch); i++)
            {
                var sentAt = end.AddSeconds(i - count);
                batch.Add(new ChatMessage
                {
                    Id = Guid.CreateVersion7(sentAt),
                    ChannelId = channel,
                    SenderId = me.Id,
                    SenderName = me.DisplayName,
                    SentAt = sentAt,
                    Text = TextOf(prefix, i),
                    IsOwn = true,
                });
            }

            await session.SeedArchiveAsync(batch);
        }

        return count;
    }

    /// <summary>Asks the app to show a message, as a reply's quote or a pin would.</summary>
    [JSInvokable]
    public void RequestJump(string channelId, string messageId) => session.RequestJump(Guid.Parse(channelId), Guid.Parse(messageId));

    // Some variety, so rendering costs what real chat costs: plain lines, formatting, links and now and then code.
    private static string TextOf(string prefix, int i) => (i % 25) switch
    {
        0 => $"{prefix} {i:D5} with code:\n```csharp\nvar total = items.Sum(x => x.Price * {i});\n```",
        5 => $"{prefix} {i:D5} **bold** and *italic* and `inline code`",
        10 => $"{prefix} {i:D5} see https://example.org/page/{i} for details",
        _ => $"{prefix} {i:D5} lorem ipsum dolor sit amet, consectetur adipiscing elit",
    };
}
#endif
