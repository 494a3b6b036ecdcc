using Chatalot.Client;
using Chatalot.Protocol.Content;

namespace Chatalot.Samples.Web.Chat;

/// <summary>
/// Threads: replies kept under their root (in memory and in the archive) and shown in the thread panel, never in the
/// channel list; counts from the server's <c>thread_updated</c>, else the SDK's model.
/// </summary>
public sealed partial class ChatSession
{
    private readonly Dictionary<Guid, List<ChatMessage>> _threadReplies = [];
    private readonly HashSet<Guid> _threadsLoaded = [];
    private readonly Dictionary<Guid, (int Count, DateTimeOffset? LastAt)> _threadCounts = [];

    public IReadOnlyList<ChatMessage> ThreadRepliesOf(Guid rootId) => _threadReplies.TryGetValue(rootId, out var list) ? list : [];

    /// <summary>A thread's reply count and latest reply time: the server's (<c>thread_updated</c>) when heard, else the SDK's.</summary>
    public (int Count, DateTimeOffset? LastAt)? ThreadOf(Guid rootId)
    {
        if (_threadCounts.TryGetValue(rootId, out var server))
        {
            return server.Count > 0 ? server : null;
        }

        return Client?.Conversations.GetThread(new MessageId(rootId)) is { } activity ? (activity.ReplyCount, activity.LastReplyAt) : null;
    }

    public void OpenThread(ChatMessage root) => OpenPanel(new SidePanel(SidePanelKind.Thread, root.ChannelId, root.Id));

    /// <summary>Loads a thread's replies this browser archived (E2E: the server's copy was readable once, when it arrived).</summary>
    public async Task EnsureThreadLoadedAsync(Guid rootId)
    {
        if (_archive is not { } archive || !_threadsLoaded.Add(rootId))
        {
            return;
        }

        var list = ThreadListOf(rootId);
        var page = await archive.LoadPageAsync(rootId, null, MaxMessagesPerChannel);
        var known = list.Select(m => m.Id).ToHashSet();
        list.AddRange(page.Where(m => !known.Contains(m.Id)));
        list.Sort((a, b) => a.SentAt.CompareTo(b.SentAt));
        Notify();
    }

    /// <summary>
    /// How many of a thread's replies the server holds that this browser has not read (<c>?thread=</c> paging, ids only:
    /// each message is readable once, by the devices that existed when it was sent, so the text is not fetched again).
    /// </summary>
    public async Task<int> UnreadableThreadRepliesAsync(ChatMessage root)
    {
        var known = ThreadRepliesOf(root.Id).Select(m => m.Id).ToHashSet();
        var missing = 0;
        MessageId? before = null;
        for (var pages = 0; pages < 10; pages++)
        {
            var page = await RequireClient().Rest.GetThreadMessagesAsync(new ChannelId(root.ChannelId), new MessageId(root.Id), before, limit: 50);
            missing += page.Messages.Count(m => m.DeletedAt is null && !known.Contains(m.Id));
            if (!page.HasOlder || page.Messages.Count == 0)
            {
                break;
            }

            before = new MessageId(page.Messages[0].Id);
        }

        return missing;
    }

    /// <summary>Replies in the thread of <paramref name="root"/>: a text, or uploaded files with the text as their caption.</summary>
    public async Task ReplyInThreadAsync(ChatMessage root, string text, IReadOnlyList<AttachmentRef>? files = null)
    {
        var content = (files is { Count: > 0 } ? FilesContent(root.ChannelId, text, files) : Composer.Compose(text, MentionCandidates(root.ChannelId)))
            with { Kind = ContentKind.ThreadReply, Target = RefOf(root) };
        var sent = await RequireClient().Conversations.ReplyInThreadAsync(new ChannelId(root.ChannelId), RefOf(root), content);
        var reply = new ChatMessage
        {
            Id = sent.MessageId.Value,
            ChannelId = root.ChannelId,
            SenderId = Me!.Id,
            SenderName = Me.DisplayName,
            SentAt = sent.SentAt,
            Text = content.Text,
            IsOwn = true,
            Mentions = content.Mentions,
            ClientMessageId = sent.ClientMessageId,
            IsDirect = root.IsDirect,
            ThreadRootId = root.Id,
            Attachments = content.Attachments,
        };
        AddThreadReply(reply);
        Keep(KeptContent.From(reply.Id, reply.ChannelId, reply.SenderId, reply.SentAt, reply.IsDirect, content));
    }

    /// <summary>The channel's threads, newest activity first (<c>GET /channels/{id}/threads</c>): root ids.</summary>
    public async Task<IReadOnlyList<Guid>> ThreadsOfAsync(Guid channelId) =>
        [.. (await RequireClient().Rest.GetThreadsAsync(new ChannelId(channelId))).Threads.Select(t => t.Root.Id)];

    private void AddThreadReply(ChatMessage reply)
    {
        var list = ThreadListOf(reply.ThreadRootId!.Value);
        if (list.Any(m => m.Id == reply.Id))
        {
            return;
        }

        list.Insert(list.FindLastIndex(m => m.SentAt <= reply.SentAt) + 1, reply);
        _ = _archive?.SaveAsync(reply);
        Notify();
    }

    /// <summary>An edit of a thread reply: replaced in its thread (never added to the channel). False when not a known thread reply.</summary>
    private bool EditThreadReply(MessageEdited edited)
    {
        foreach (var list in _threadReplies.Values)
        {
            var index = list.FindIndex(m => m.Id == edited.MessageId.Value);
            if (index >= 0)
            {
                list[index] = list[index] with { Text = edited.Text, EditedAt = edited.EditedAt, Lock = LockOf(edited.Trust), Opening = OpeningOf(edited) };
                _ = _archive?.SaveAsync(list[index]);
                Notify();
                return true;
            }
        }

        return false;
    }

    private void RemoveThreadReply(Guid messageId)
    {
        foreach (var list in _threadReplies.Values)
        {
            list.RemoveAll(m => m.Id == messageId);
        }
    }

    private List<ChatMessage> ThreadListOf(Guid rootId)
    {
        if (!_threadReplies.TryGetValue(rootId, out var list))
        {
            _threadReplies[rootId] = list = [];
        }

        return list;
    }
}
