using Chatalot.Protocol.Content;
using Microsoft.Extensions.Logging;

namespace Chatalot.Client;

/// <summary>
/// Keeps <see cref="Search"/> in step: what the client decrypts comes through the event hub's observer; what this
/// device sends, edits and deletes itself is indexed here, since the server does not echo a device's own messages back.
/// </summary>
public sealed partial class ChatalotClient
{
    /// <summary>Feeds the index from the event hub; a failure there is logged, never allowed to stop the event reaching its handlers.</summary>
    private void IndexForSearch(ChatalotEvent chatalotEvent) => Guarded(() => Search.Observe(chatalotEvent));

    private SentMessage IndexSent(SentMessage sent, MessageContent content)
    {
        if (_options.Search.Enabled && CurrentUserId is { } self && CurrentDeviceId is { } device)
        {
            Guarded(() => Search.Add(new MessageReceived
            {
                MessageId = sent.MessageId,
                ChannelId = sent.ChannelId,
                Sender = new MessageSender(self, device, Rest.CurrentUser?.Username),
                Text = content.Text ?? string.Empty,
                Content = content,
                SentAt = sent.SentAt,
                ReceivedAt = _time.GetUtcNow(),
            }));
        }

        return sent;
    }

    private void IndexEdited(ChannelId channel, MessageId messageId, MessageContent content)
    {
        if (_options.Search.Enabled && CurrentUserId is { } self && CurrentDeviceId is { } device)
        {
            var now = _time.GetUtcNow();
            Guarded(() => Search.Update(new MessageEdited
            {
                MessageId = messageId,
                ChannelId = channel,
                Sender = new MessageSender(self, device, Rest.CurrentUser?.Username),
                Text = content.Text ?? string.Empty,
                Content = content with { Kind = ContentKind.Edit },
                SentAt = now,
                EditedAt = now,
                ReceivedAt = now,
            }));
        }
    }

    private void IndexDeleted(MessageId messageId)
    {
        if (_options.Search.Enabled)
        {
            Guarded(() => Search.Remove(messageId));
        }
    }

    private void Guarded(Action index)
    {
        try
        {
            index();
        }
#pragma warning disable CA1031 // The index is a convenience: whatever went wrong in it, sending and delivery carry on.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogSearchIndexFailed(Logger, ex);
        }
    }

    [LoggerMessage(EventId = 6006, Level = LogLevel.Error, Message = "Indexing a message for search failed; the message is sent or delivered but not searchable")]
    private static partial void LogSearchIndexFailed(ILogger logger, Exception exception);
}
