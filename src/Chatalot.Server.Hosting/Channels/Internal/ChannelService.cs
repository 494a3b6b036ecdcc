using Chatalot.Protocol;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Channels;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Gateway;
using Chatalot.Server.Hosting.Accounts.Internal;
using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Communities.Internal;
using Chatalot.Server.Hosting.Errors.Internal;
using Chatalot.Server.Hosting.Gateway.Internal;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.EntityFrameworkCore;

namespace Chatalot.Server.Hosting.Channels.Internal;

/// <summary>Group channels and DMs (docs/protocol/permissions.md §Channels, §DMs).</summary>
internal sealed class ChannelService(
    ChatalotDbContext db,
    Clock clock,
    Access access,
    Relationships relationships,
    MembershipEffects effects,
    IGatewayPublisher gateway,
    Audit.Internal.AuditLog audit)
{
    public async Task<IReadOnlyList<Channel>> ListMineAsync(Caller caller, CancellationToken cancellationToken)
    {
        var ids = await access.ReadableChannelIdsAsync(caller.UserId, cancellationToken).ConfigureAwait(false);
        var rows = await db.Channels.AsNoTracking().Where(c => ids.Contains(c.Id)).OrderBy(c => c.Position).ThenBy(c => c.CreatedAt).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(Mapper.ToDto)];
    }

    public async Task<IReadOnlyList<Channel>> ListGroupChannelsAsync(Caller caller, Guid groupId, CancellationToken cancellationToken)
    {
        await access.RequireGroupAsync(caller, groupId, x => x.CanReadChannels, cancellationToken).ConfigureAwait(false);
        // Overrides can hide single channels of a group the caller reads (view_channels denied): list only the rest.
        var readable = (await access.ReadableChannelIdsAsync(caller.UserId, cancellationToken).ConfigureAwait(false)).ToHashSet();
        var rows = await db.Channels.AsNoTracking().Where(c => c.GroupId == groupId).OrderBy(c => c.Position).ThenBy(c => c.CreatedAt).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Where(c => readable.Contains(c.Id)).Select(Mapper.ToDto)];
    }

    public async Task<Channel> GetAsync(Caller caller, Guid channelId, CancellationToken cancellationToken) =>
        Mapper.ToDto((await access.RequireChannelAsync(caller, channelId, cancellationToken).ConfigureAwait(false)).Channel);

    /// <summary>
    /// The group members who can view a group channel (<c>view_channels</c> after roles and overrides): whom a sender's
    /// channel key goes to, so a member an override hides the channel from never holds it. Paged as group members are.
    /// </summary>
    public async Task<Protocol.Groups.GroupMemberList> ListMembersAsync(Caller caller, Guid channelId, Guid? after, int? limit, CancellationToken cancellationToken)
    {
        var a = await access.RequireChannelAsync(caller, channelId, cancellationToken).ConfigureAwait(false);
        if (a.Channel.GroupId is not { } groupId)
        {
            throw Fail.NotFound("The group channel");
        }

        var take = Check.PageSize(limit, ChatalotLimits.MemberPageMaxSize);
        var query = db.GroupMembers.AsNoTracking().Where(m => m.GroupId == groupId);
        if (after is { } cursor)
        {
            query = query.Where(m => m.UserId.CompareTo(cursor) > 0);
        }

        var rows = await query.OrderBy(m => m.UserId).Take(take + 1)
            .Select(m => new Protocol.Groups.GroupMember(m.UserId, (Protocol.Groups.GroupRole)m.Role, m.JoinedAt)).ToListAsync(cancellationToken).ConfigureAwait(false);
        var more = rows.Count > take;
        var page = rows.Take(take).ToList();
        // Filtering a page can leave it short; the cursor still moves past every member read.
        var viewers = (await access.ChannelViewersAsync(a.Channel, [.. page.Select(m => m.UserId)], cancellationToken).ConfigureAwait(false)).ToHashSet();
        return new Protocol.Groups.GroupMemberList([.. page.Where(m => viewers.Contains(m.UserId))], new Protocol.Common.PageInfo(more, more ? page[^1].UserId.ToString() : null));
    }

    /// <summary>Creating a channel needs group admin rights (the original's W2 let any community member do it).</summary>
    public async Task<Channel> CreateAsync(Caller caller, Guid groupId, CreateChannelRequest request, CancellationToken cancellationToken)
    {
        var a = await access.RequireGroupAsync(caller, groupId, x => x.CanManageChannels, cancellationToken).ConfigureAwait(false);
        if (request.Type is not (ChannelType.Text or ChannelType.Voice))
        {
            throw Fail.Validation("type", "Group channels are text or voice.");
        }

        var row = new ChannelRow
        {
            Id = clock.NewId(),
            Type = (int)request.Type,
            CommunityId = a.Group.CommunityId,
            GroupId = groupId,
            Name = Check.Name(request.Name, "name"),
            Topic = Check.OptionalText(request.Topic, "topic", ChatalotLimits.TopicMaxLength),
            HistoryDays = HistoryDays(request.HistoryDays),
            CreatedAt = clock.UtcNow,
        };
        db.Channels.Add(row);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        var dto = Mapper.ToDto(row);
        var readers = await access.ChannelViewersAsync(row, await effects.GroupReadersAsync(groupId, a.Group.CommunityId, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        await gateway.PublishToUsersAsync(readers, new ChannelCreatedEvent(dto), cancellationToken).ConfigureAwait(false);
        return dto;
    }

    public async Task<Channel> UpdateAsync(Caller caller, Guid channelId, UpdateChannelRequest request, CancellationToken cancellationToken)
    {
        var a = await access.RequireChannelAsync(caller, channelId, cancellationToken).ConfigureAwait(false);
        if (!a.CanManage)
        {
            throw Fail.Forbidden("Group admins manage channel settings.");
        }

        var c = a.Channel;
        c.Name = request.Name is null ? c.Name : Check.Name(request.Name, "name");
        c.Topic = request.Topic is null ? c.Topic : Check.OptionalText(request.Topic, "topic", ChatalotLimits.TopicMaxLength);
        c.ReadOnly = request.ReadOnly ?? c.ReadOnly;
        c.Archived = request.Archived ?? c.Archived;
        if (request.Position is { } position)
        {
            c.Position = position is >= 0 and <= ChatalotLimits.ChannelPositionMax ? position : throw Fail.Validation("position", $"Must be 0-{ChatalotLimits.ChannelPositionMax}.");
        }

        if (request.SlowModeSeconds is { } s)
        {
            c.SlowModeSeconds = s is >= 0 and <= ChatalotLimits.SlowModeMaxSeconds ? s : throw Fail.Validation("slow_mode_seconds", $"Must be 0-{ChatalotLimits.SlowModeMaxSeconds}.");
        }

        if (request.HistoryDays is { } days)
        {
            c.HistoryDays = HistoryDays(days);
        }

        var changed = db.Entry(c).Properties.Where(p => p.IsModified).Select(p => p.Metadata.Name).ToList();
        if (changed.Count > 0 && c.CommunityId is { } communityId)
        {
            audit.Record(Protocol.Audit.AuditAction.ChannelUpdated, caller.UserId, communityId, targetId: c.Id, detail: string.Join(", ", changed));
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        var dto = Mapper.ToDto(c);
        // Every reader, subscribed or not: a renamed or reordered channel must update sidebars that never opened it.
        // Members an override hides the channel from are not readers and learn nothing of it.
        var readers = c.GroupId is { } g && c.CommunityId is { } community
            ? await access.ChannelViewersAsync(c, await effects.GroupReadersAsync(g, community, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false)
            : [];
        await gateway.PublishToChannelAsync(c.Id, new ChannelUpdatedEvent(dto), readers, cancellationToken).ConfigureAwait(false);
        return dto;
    }

    // content.md §6.2: a number the members' clients read; the server only checks its range.
    private static int HistoryDays(int days) =>
        days is >= 0 and <= ChatalotLimits.ChannelHistoryMaxDays ? days : throw Fail.Validation("history_days", $"Must be 0-{ChatalotLimits.ChannelHistoryMaxDays}.");

    public async Task DeleteAsync(Caller caller, Guid channelId, CancellationToken cancellationToken)
    {
        var a = await access.RequireChannelAsync(caller, channelId, cancellationToken).ConfigureAwait(false);
        if (!a.CanManage)
        {
            throw Fail.Forbidden("Group admins delete channels.");
        }

        var readers = await db.CommunityMembers.Where(m => m.CommunityId == a.Channel.CommunityId).Select(m => m.UserId).ToListAsync(cancellationToken).ConfigureAwait(false);
        await db.InTransactionAsync(async ct =>
        {
            await db.MessageEdits.Where(e => db.Messages.Any(m => m.Id == e.MessageId && m.ChannelId == channelId)).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await db.Messages.Where(m => m.ChannelId == channelId).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await db.ChannelPins.Where(p => p.ChannelId == channelId).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await db.PermissionOverrides.Where(o => o.ScopeId == channelId).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await db.ReadStates.Where(r => r.ChannelId == channelId).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await db.Channels.Where(c => c.Id == channelId).ExecuteDeleteAsync(ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        await effects.ChannelDeletedAsync(channelId, a.Channel.GroupId, readers, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Gets or creates the DM channel of two users who share a community (the instance owner is exempt) and have not
    /// blocked each other. The pair is stored ordered under a unique index, so concurrent calls yield one channel.
    /// </summary>
    public async Task<Channel> GetOrCreateDmAsync(Caller caller, CreateDmRequest request, CancellationToken cancellationToken)
    {
        var other = request.UserId;
        if (other == caller.UserId)
        {
            throw Fail.Validation("user_id", "You cannot open a DM with yourself.");
        }

        if (!await db.Users.AnyAsync(u => u.Id == other, cancellationToken).ConfigureAwait(false) ||
            (caller.Role != InstanceRole.Owner && !await relationships.SharesCommunityAsync(caller.UserId, other, cancellationToken).ConfigureAwait(false)))
        {
            throw Fail.NotFound("The user");
        }

        if (await relationships.IsBlockedEitherWayAsync(caller.UserId, other, cancellationToken).ConfigureAwait(false))
        {
            throw Fail.Code(ErrorCodes.Blocked, 403, "A block exists between you and this user.");
        }

        var (low, high) = caller.UserId.CompareTo(other) < 0 ? (caller.UserId, other) : (other, caller.UserId);
        var existing = await db.Channels.AsNoTracking().FirstOrDefaultAsync(c => c.DmUserLow == low && c.DmUserHigh == high, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            return Mapper.ToDto(existing);
        }

        var row = new ChannelRow { Id = clock.NewId(), Type = (int)ChannelType.Dm, DmUserLow = low, DmUserHigh = high, CreatedAt = clock.UtcNow };
        db.Channels.Add(row);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false); // a concurrent create is rerun by RaceSafeWriteFilter
        return Mapper.ToDto(row);
    }

    public async Task<IReadOnlyList<Channel>> ListDmsAsync(Caller caller, CancellationToken cancellationToken)
    {
        var rows = await db.Channels.AsNoTracking().Where(c => c.DmUserLow == caller.UserId || c.DmUserHigh == caller.UserId)
            .OrderBy(c => c.CreatedAt).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(Mapper.ToDto)];
    }
}
