using Chatalot.Client.Attachments;
using Chatalot.Protocol.Channels;
using Chatalot.Protocol.Content;

namespace Chatalot.Client;

public sealed partial class ChatalotClient
{
    /// <inheritdoc />
    public ValueTask<SentMessage> SendFileAsync(ChannelId channel, Stream content, string name, string mediaType, string? caption = null, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default) =>
        SendFileAsync(channel, content, new AttachmentUpload(name, mediaType) { Progress = progress }, caption, cancellationToken);

    /// <inheritdoc />
    public ValueTask<SentMessage> SendFileAsync(UserId user, Stream content, string name, string mediaType, string? caption = null, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default) =>
        SendFileAsync(user, content, new AttachmentUpload(name, mediaType) { Progress = progress }, caption, cancellationToken);

    /// <inheritdoc />
    public async ValueTask<SentMessage> SendFileAsync(ChannelId channel, Stream content, AttachmentUpload upload, string? caption = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(upload);
        var target = await RequireCore().Directory.GetChannelAsync(channel, cancellationToken).ConfigureAwait(false);

        // A community channel's upload also counts against the community's quota; a DM's only against the user's.
        return await UploadAndSendAsync(channel, content, upload with { ChannelId = target.Type == ChannelType.Dm ? null : channel }, caption, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<SentMessage> SendFileAsync(UserId user, Stream content, AttachmentUpload upload, string? caption = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(upload);
        var direct = await RequireCore().Directory.OpenDirectChannelAsync(user, cancellationToken).ConfigureAwait(false);
        return await UploadAndSendAsync(new ChannelId(direct.Id), content, upload with { ChannelId = null }, caption, cancellationToken).ConfigureAwait(false);
    }

    private async Task<SentMessage> UploadAndSendAsync(ChannelId channel, Stream content, AttachmentUpload upload, string? caption, CancellationToken cancellationToken)
    {
        var reference = await Attachments.UploadAsync(content, upload, cancellationToken).ConfigureAwait(false);
        var message = MessageContent.CreateText(caption ?? string.Empty) with
        {
            Text = string.IsNullOrEmpty(caption) ? null : caption,
            Attachments = [reference],
        };
        try
        {
            return await SendAsync(channel, message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Nobody can reference it now: free the room at once instead of when the orphan expires.
            try
            {
                await Rest.DeleteUploadAsync(reference.Id, CancellationToken.None).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Best effort; the send's error is the one to report.
            catch (Exception)
#pragma warning restore CA1031
            {
            }

            throw;
        }
    }
}
