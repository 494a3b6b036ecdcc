using System.Globalization;
using Chatalot.Client;
using Chatalot.Client.Attachments;
using Chatalot.Client.Previews;
using Chatalot.Protocol;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Content;
using Chatalot.Protocol.Previews;
using Microsoft.JSInterop;

namespace Chatalot.Samples.Web.Chat;

/// <summary>Files, GIFs and link previews: uploads, sending content with attachments, the preview setting.</summary>
public sealed partial class ChatSession
{
    /// <summary>How long a send waits for link previews before going without them (a slow site must not hold a message back).</summary>
    private static readonly TimeSpan PreviewTimeCap = TimeSpan.FromSeconds(3);

    private ServerInfo? _serverInfo;
    private bool? _linkPreviewsOn;

    /// <summary>What the server advertises (GIFs, link previews, the largest file); fetched again when the first probe failed.</summary>
    public async Task<ServerInfo> ServerInfoAsync()
    {
        return _serverInfo ??= await RequireClient().Rest.GetServerInfoAsync();
    }

    /// <summary>The server's info when already known (for rendering without waiting).</summary>
    public ServerInfo? KnownServerInfo => _serverInfo;

    /// <summary>Whether the user lets the app preview links they send (Settings; on unless turned off, per account in this browser).</summary>
    public async Task<bool> LinkPreviewsOnAsync()
    {
        if (_linkPreviewsOn is { } on)
        {
            return on;
        }

        var stored = Me is { } me ? await browser.StorageGetAsync(LinkPreviewKey(me.Id)) : null;
        _linkPreviewsOn = stored != "off";
        return _linkPreviewsOn.Value;
    }

    public async Task SetLinkPreviewsOnAsync(bool on)
    {
        _linkPreviewsOn = on;
        if (Me is { } me)
        {
            await browser.StorageSetAsync(LinkPreviewKey(me.Id), on ? "on" : "off");
        }

        Notify();
    }

    private static string LinkPreviewKey(Guid userId) => "chatalot.linkPreviews." + userId;

    /// <summary>
    /// Sends composed content (text, files or both) to a channel or DM: previews of its links first when the user and
    /// the server allow them, for at most <see cref="PreviewTimeCap"/>; then the message joins the list.
    /// </summary>
    public async Task SendContentAsync(ChannelEntry channel, MessageContent content)
    {
        var client = RequireClient();
        content = await WithPreviewsAsync(client, content);
        var sent = channel.DmPartner is { } partner
            ? await client.SendAsync(new UserId(partner), content)
            : await client.SendAsync(new ChannelId(channel.Id), content);
        Add(OwnMessage(channel, sent, content));
    }

    /// <summary>
    /// Sends uploaded files in one message, with the composer's text (if any) as their caption; as a reply when the
    /// composer is replying to a message.
    /// </summary>
    public async Task SendFilesAsync(ChannelEntry channel, string caption, IReadOnlyList<AttachmentRef> files)
    {
        var content = FilesContent(channel.Id, caption, files);
        if (ReplyTargetOf(channel.Id) is not { } target)
        {
            await SendContentAsync(channel, content);
            return;
        }

        var client = RequireClient();
        content = await WithPreviewsAsync(client, content);
        var sent = await client.Conversations.ReplyAsync(new ChannelId(channel.Id), RefOf(target), content);
        _replyTo.Remove(channel.Id);
        Add(OwnMessage(channel, sent, content) with
        {
            ReplyToId = target.Id,
            ReplyToAuthor = target.SenderId,
            ReplyPreview = PreviewOf(target),
        });
    }

    /// <summary>A message carrying files, with the text (if any) composed as a caption: commands, shortcodes, mentions.</summary>
    private MessageContent FilesContent(Guid channelId, string caption, IReadOnlyList<AttachmentRef> files)
    {
        var text = caption.Trim();
        return text.Length > 0
            ? Chatalot.Client.Composer.Compose(text, MentionCandidates(channelId)) with { Attachments = files }
            : MessageContent.CreateText(string.Empty) with { Text = null, Attachments = files };
    }

    /// <summary>Encrypts and uploads one file; it is sent by <see cref="SendFilesAsync"/>.</summary>
    public Task<AttachmentRef> UploadAsync(ChannelEntry channel, Stream content, AttachmentUpload upload, CancellationToken cancellationToken) =>
        // A community channel's upload also counts against the community's quota; a DM's only against the user's.
        RequireClient().Attachments.UploadAsync(content, upload with { ChannelId = channel.IsDirect ? null : new ChannelId(channel.Id) }, cancellationToken);

    /// <summary>Opens a received attachment: downloads, decrypts and verifies as it is read.</summary>
    public Task<Stream> OpenAttachmentAsync(AttachmentRef attachment, CancellationToken cancellationToken) =>
        RequireClient().Attachments.OpenAsync(attachment, cancellationToken);

    /// <summary>GIF search through the server's proxy (empty: trending).</summary>
    public Task<GifPage> SearchGifsAsync(string? query, CancellationToken cancellationToken) =>
        RequireClient().Gifs.SearchAsync(string.IsNullOrWhiteSpace(query) ? null : query.Trim(), cancellationToken: cancellationToken);

    /// <summary>A GIF's bytes, relayed by the server (never fetched from the provider by the browser).</summary>
    public Task<RelayedMedia> GifMediaAsync(GifMedia media, CancellationToken cancellationToken) =>
        RequireClient().Gifs.GetMediaAsync(media, cancellationToken);

    /// <summary>Sends a picked GIF: the full file fetched through the proxy, then encrypted and uploaded like any file.</summary>
    public async Task SendGifAsync(ChannelEntry channel, Gif gif, CancellationToken cancellationToken)
    {
        var full = await GifMediaAsync(gif.Full, cancellationToken);
        var described = LocalMedia.Parse(await media.DescribeBytesAsync(full.Data, full.MediaType, cancellationToken));
        var extension = full.MediaType switch { "video/mp4" => ".mp4", "video/webm" => ".webm", "image/webp" => ".webp", _ => ".gif" };
        var name = (string.IsNullOrWhiteSpace(gif.Title) ? "gif" : gif.Title.Trim()) is var title && title.Length > 60 ? title[..60] : title;
        using var stream = new MemoryStream(full.Data, writable: false);
        var reference = await UploadAsync(channel, stream, new AttachmentUpload(name + extension, full.MediaType)
        {
            Length = full.Data.Length,
            Thumbnail = described.Thumbnail,
            Width = gif.Full.Width > 0 ? gif.Full.Width : described.Width,
            Height = gif.Full.Height > 0 ? gif.Full.Height : described.Height,
            Gif = true,
        }, cancellationToken);
        await SendFilesAsync(channel, "", [reference]);
    }

    /// <summary>The link previews' <see cref="ThumbnailMaker"/>: the same canvas code as file thumbnails.</summary>
    private async ValueTask<AttachmentThumbnail?> MakeThumbnailAsync(RelayedMedia image, CancellationToken cancellationToken) =>
        LocalMedia.Parse(await media.DescribeBytesAsync(image.Data, image.MediaType, cancellationToken)).Thumbnail;

    private async Task<MessageContent> WithPreviewsAsync(ChatalotClient client, MessageContent content)
    {
        if (content.Text is not { Length: > 0 } text || LinkFinder.FindLinks(text).Count == 0 || !await LinkPreviewsOnAsync())
        {
            return content;
        }

        try
        {
            if (!(await ServerInfoAsync()).LinkPreviewsEnabled)
            {
                return content;
            }

            using var cap = new CancellationTokenSource(PreviewTimeCap, time);
            return await client.LinkPreviews.AddPreviewsAsync(content, MakeThumbnailAsync, cap.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChatalotClientException or HttpRequestException or JSException)
        {
            // A slow or failing site: the message goes without a preview rather than late or not at all.
            return content;
        }
    }
}

/// <summary>What media.js measured of a local file or image: an inline thumbnail, the original's size and length.</summary>
public readonly record struct LocalMedia(AttachmentThumbnail? Thumbnail, int? Width, int? Height, long? DurationMs)
{
    /// <summary>Reads [thumbBase64, thumbType, thumbWidth, thumbHeight, width, height, durationMs] (empty when unknown).</summary>
    public static LocalMedia Parse(string[]? values)
    {
        if (values is not { Length: 7 })
        {
            return default;
        }

        AttachmentThumbnail? thumbnail = null;
        if (values[0].Length > 0 && MediaTypes.IsWellFormed(values[1]) && Int(values[2]) is { } w and > 0 && Int(values[3]) is { } h and > 0)
        {
            var data = Convert.FromBase64String(values[0]);
            if (data.Length <= ChatalotLimits.ThumbnailMaxBytes)
            {
                thumbnail = new AttachmentThumbnail(data, values[1], w, h);
            }
        }

        var duration = long.TryParse(values[6], NumberStyles.None, CultureInfo.InvariantCulture, out var ms) ? ms : (long?)null;
        return new LocalMedia(thumbnail, Int(values[4]) is > 0 ? Int(values[4]) : null, Int(values[5]) is > 0 ? Int(values[5]) : null, duration);
    }

    private static int? Int(string value) => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}
