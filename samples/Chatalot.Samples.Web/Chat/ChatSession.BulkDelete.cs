using Chatalot.Client;
using Chatalot.Protocol.Roles;

namespace Chatalot.Samples.Web.Chat;

/// <summary>Bulk delete from the message list's selection mode (<c>POST /channels/{id}/messages/bulk-delete</c>).</summary>
public sealed partial class ChatSession
{
    /// <summary>The most messages one bulk delete takes (the route's limit).</summary>
    public const int BulkDeleteLimit = 100;

    /// <summary>
    /// Whether the caller may bulk-delete in a community channel: its effective permissions there hold
    /// <c>manage_messages</c> (roles and overrides included); before they are loaded, the role-based rule that shows a
    /// moderator's delete on others' messages. The server decides either way.
    /// </summary>
    public bool CanBulkDelete(Guid channelId)
    {
        if (FindChannel(channelId) is not { IsDirect: false } || CommunityOf(channelId) is not { } community)
        {
            return false;
        }

        return PermissionsIn(channelId) is { } effective
            ? effective.Permissions.HasAll(CommunityPermissions.ManageMessages)
            : CanModerate(community.Community.Id);
    }

    /// <summary>Deletes up to <see cref="BulkDeleteLimit"/> messages of a channel for everyone; each disappears with its <c>message_deleted</c> event.</summary>
    public async Task<int> BulkDeleteAsync(Guid channelId, IReadOnlyCollection<Guid> messageIds)
    {
        var result = await RequireClient().Rest.BulkDeleteMessagesAsync(new ChannelId(channelId), [.. messageIds]);
        return result.Deleted;
    }
}
