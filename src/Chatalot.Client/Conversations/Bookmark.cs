using Chatalot.Protocol.Content;

namespace Chatalot.Client;

/// <summary>A message this user saved: kept in this device's encrypted store and sent only to the user's own devices (content.md §6.3).</summary>
/// <param name="ChannelId">The message's channel.</param>
/// <param name="Message">The saved message.</param>
/// <param name="Note">The user's note, if any.</param>
/// <param name="CreatedAt">When it was saved.</param>
public sealed record Bookmark(ChannelId ChannelId, MessageRef Message, string? Note, DateTimeOffset CreatedAt)
{
    /// <summary>Describes the bookmark without its note.</summary>
    /// <returns>The channel and message.</returns>
    public override string ToString() => $"Bookmark {{ ChannelId = {ChannelId}, Message = {Message.MessageId}, CreatedAt = {CreatedAt:O} }}";
}
