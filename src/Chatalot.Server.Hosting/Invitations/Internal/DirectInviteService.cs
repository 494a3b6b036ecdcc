using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Gateway;
using Chatalot.Protocol.Roles;
using Chatalot.Server.Hosting.Accounts.Internal;
using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Communities.Internal;
using Chatalot.Server.Hosting.Errors.Internal;
using Chatalot.Server.Hosting.Gateway.Internal;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Chatalot.Server.Hosting.Invitations.Internal;

/// <summary>
/// Invites by user name (rest.md §Direct invites): a member holding <c>create_invites</c> invites a named user, who
/// accepts (joining exactly as an invite-code join does: ban check, public groups, <c>member_joined</c>), declines, or
/// lets it lapse; the inviter or an invite manager cancels it. The invitee hears of it live (<c>invited_to_community</c>).
/// </summary>
internal sealed class DirectInviteService(
    ChatalotDbContext db,
    Clock clock,
    Access access,
    CommunityService communities,
    IGatewayPublisher gateway,
    IOptions<ChatalotServerOptions> options)
{
    /// <summary>Invites a user; a repeat while one is pending returns that one (<c>Created</c> false) and notifies nobody.</summary>
    public async Task<(DirectInvite Invite, bool Created)> CreateAsync(Caller caller, Guid communityId, CreateDirectInviteRequest request, CancellationToken cancellationToken)
    {
        var facts = await access.RequireCommunityPermissionAsync(caller, communityId, CommunityPermissions.CreateInvites, cancellationToken).ConfigureAwait(false);
        var name = request.Username?.Trim() ?? "";
        if (name.Length is 0 or > Protocol.ChatalotLimits.UsernameMaxLength)
        {
            throw Fail.Validation("username", $"Must be 1-{Protocol.ChatalotLimits.UsernameMaxLength} characters.");
        }

        // An exact user name finds anyone (the directory rule: exact names are not secret); suspended accounts are unknown.
        var normalized = name.ToUpperInvariant();
        var invitee = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.NormalizedUsername == normalized && u.SuspendedAt == null, cancellationToken).ConfigureAwait(false)
            ?? throw Fail.NotFound("The user");
        if (await db.CommunityMembers.AnyAsync(m => m.CommunityId == communityId && m.UserId == invitee.Id, cancellationToken).ConfigureAwait(false))
        {
            throw Fail.Code(ErrorCodes.AlreadyMember, 409, "The user is already a member of this community.");
        }

        if (await db.CommunityBans.AnyAsync(b => b.CommunityId == communityId && b.UserId == invitee.Id, cancellationToken).ConfigureAwait(false))
        {
            throw Fail.Code(ErrorCodes.InviteeBanned, 409, "The user is banned from this community; unban them first.");
        }

        var now = clock.UtcNow;
        var pending = await db.DirectInvites.FirstOrDefaultAsync(i => i.CommunityId == communityId && i.InviteeId == invitee.Id, cancellationToken).ConfigureAwait(false);
        if (pending is not null && pending.ExpiresAt > now)
        {
            return ((await ToDtosAsync([pending], cancellationToken).ConfigureAwait(false))[0], false);
        }

        if (pending is not null)
        {
            db.DirectInvites.Remove(pending);
        }

        var row = new DirectInviteRow
        {
            Id = clock.NewId(),
            CommunityId = communityId,
            InviteeId = invitee.Id,
            InviterId = caller.UserId,
            InviterIsAdmin = facts.Rank >= CommunityRole.Admin,
            CreatedAt = now,
            ExpiresAt = now + options.Value.DirectInviteLifetime,
        };
        db.DirectInvites.Add(row);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false); // a concurrent duplicate is rerun by RaceSafeWriteFilter
        var dto = (await ToDtosAsync([row], cancellationToken).ConfigureAwait(false))[0];
        await gateway.PublishToUsersAsync([invitee.Id], new InvitedToCommunityEvent(dto), cancellationToken).ConfigureAwait(false);
        return (dto, true);
    }

    /// <summary>The caller's pending invites, oldest first; lapsed ones are dropped on the way.</summary>
    public async Task<IReadOnlyList<DirectInvite>> ListMineAsync(Caller caller, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        await db.DirectInvites.Where(i => i.InviteeId == caller.UserId && i.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        var rows = await db.DirectInvites.AsNoTracking().Where(i => i.InviteeId == caller.UserId && i.ExpiresAt > now)
            .OrderBy(i => i.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        return await ToDtosAsync(rows, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A community's pending invites: all of them for invite managers, one's own for other inviters.</summary>
    public async Task<IReadOnlyList<DirectInvite>> ListCommunityAsync(Caller caller, Guid communityId, CancellationToken cancellationToken)
    {
        var facts = await access.RequireCommunityPermissionAsync(caller, communityId, CommunityPermissions.CreateInvites, cancellationToken).ConfigureAwait(false);
        var now = clock.UtcNow;
        var query = db.DirectInvites.AsNoTracking().Where(i => i.CommunityId == communityId && i.ExpiresAt > now);
        if (!facts.Has(CommunityPermissions.ManageInvites))
        {
            query = query.Where(i => i.InviterId == caller.UserId);
        }

        return await ToDtosAsync(await query.OrderBy(i => i.Id).ToListAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Accepts: the invite is used up first (so two accepts join once), then the caller joins the community.</summary>
    public async Task<Community> AcceptAsync(Caller caller, Guid inviteId, CancellationToken cancellationToken)
    {
        var invite = await PendingForInviteeAsync(caller, inviteId, cancellationToken).ConfigureAwait(false);
        if (await db.CommunityBans.AnyAsync(b => b.CommunityId == invite.CommunityId && b.UserId == caller.UserId, cancellationToken).ConfigureAwait(false))
        {
            await db.DirectInvites.Where(i => i.Id == invite.Id).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
            throw Fail.Code(ErrorCodes.Banned, 403, "You are banned from this community.");
        }

        if (await db.DirectInvites.Where(i => i.Id == invite.Id).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            throw Invalid();
        }

        await communities.JoinAsync(invite.CommunityId, caller.UserId, cancellationToken).ConfigureAwait(false);
        return await communities.GetAsync(caller, invite.CommunityId, cancellationToken).ConfigureAwait(false);
    }

    public async Task DeclineAsync(Caller caller, Guid inviteId, CancellationToken cancellationToken)
    {
        var invite = await PendingForInviteeAsync(caller, inviteId, cancellationToken).ConfigureAwait(false);
        await db.DirectInvites.Where(i => i.Id == invite.Id).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Cancels a pending invite (its inviter, or a holder of <c>manage_invites</c>) and tells the invitee.</summary>
    public async Task CancelAsync(Caller caller, Guid communityId, Guid inviteId, CancellationToken cancellationToken)
    {
        var invite = await db.DirectInvites.AsNoTracking().FirstOrDefaultAsync(i => i.Id == inviteId && i.CommunityId == communityId, cancellationToken).ConfigureAwait(false);
        var facts = await access.MemberFactsAsync(caller.UserId, communityId, cancellationToken).ConfigureAwait(false);
        if (invite is null || facts is null || (invite.InviterId != caller.UserId && !facts.Has(CommunityPermissions.ManageInvites)))
        {
            throw Fail.NotFound("The invite");
        }

        if (await db.DirectInvites.Where(i => i.Id == invite.Id).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false) > 0 && invite.ExpiresAt > clock.UtcNow)
        {
            await gateway.PublishToUsersAsync([invite.InviteeId], new InviteWithdrawnEvent(invite.Id, communityId), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<DirectInviteRow> PendingForInviteeAsync(Caller caller, Guid inviteId, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        return await db.DirectInvites.AsNoTracking().FirstOrDefaultAsync(i => i.Id == inviteId && i.InviteeId == caller.UserId && i.ExpiresAt > now, cancellationToken).ConfigureAwait(false)
            ?? throw Invalid();
    }

    private static Errors.ChatalotServerException Invalid() =>
        Fail.Code(ErrorCodes.InviteInvalid, 404, "The invite does not exist, was answered or cancelled, or has expired.");

    /// <summary>Fills in names: invites whose community or inviter is gone are left out.</summary>
    private async Task<IReadOnlyList<DirectInvite>> ToDtosAsync(IReadOnlyList<DirectInviteRow> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        var communityIds = rows.Select(r => r.CommunityId).Distinct().ToList();
        var userIds = rows.SelectMany(r => new[] { r.InviteeId, r.InviterId }).Distinct().ToList();
        var names = await db.Communities.AsNoTracking().Where(c => communityIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken).ConfigureAwait(false);
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, cancellationToken).ConfigureAwait(false);
        var result = new List<DirectInvite>(rows.Count);
        foreach (var r in rows)
        {
            if (names.TryGetValue(r.CommunityId, out var communityName) && users.TryGetValue(r.InviteeId, out var invitee) && users.TryGetValue(r.InviterId, out var inviter))
            {
                result.Add(new DirectInvite(r.Id, r.CommunityId, communityName, r.InviteeId, invitee.Username, r.InviterId, inviter.Username, inviter.DisplayName, r.InviterIsAdmin, r.CreatedAt, r.ExpiresAt));
            }
        }

        return result;
    }
}
