using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Errors;
using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Errors.Internal;
using Chatalot.Server.Hosting.Gateway.Internal;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.EntityFrameworkCore;

namespace Chatalot.Server.Hosting.Accounts.Internal;

/// <summary>Profiles, blocks and instance administration (users, roles, suspension, registration invites).</summary>
internal sealed class UserService(
    ChatalotDbContext db,
    AccountService accounts,
    Clock clock,
    IGatewayPublisher gateway,
    Profiles.Internal.ProfileEvents profileEvents,
    Profiles.Internal.ProfileAccess profileAccess,
    Admin.Internal.AdminAudit audit)
{
    public async Task<User> GetMeAsync(Caller caller, CancellationToken cancellationToken) =>
        UserMapper.ToDto(await db.Users.AsNoTracking().FirstAsync(u => u.Id == caller.UserId, cancellationToken).ConfigureAwait(false));

    public async Task<User> UpdateProfileAsync(Caller caller, UpdateProfileRequest request, CancellationToken cancellationToken)
    {
        var user = await db.Users.FirstAsync(u => u.Id == caller.UserId, cancellationToken).ConfigureAwait(false);
        if (request.DisplayName is not null)
        {
            user.DisplayName = Check.Name(request.DisplayName, "display_name");
        }

        // Omitted = unchanged, empty = cleared (rest.md §Profiles).
        if (request.Bio is not null)
        {
            user.Bio = Check.OptionalText(Check.NoControl(request.Bio.Trim(), "bio", allowNewlines: true), "bio", Protocol.ChatalotLimits.BioMaxLength);
        }

        if (request.Pronouns is not null)
        {
            user.Pronouns = Check.OptionalText(Check.NoControl(request.Pronouns.Trim(), "pronouns", allowNewlines: false), "pronouns", Protocol.ChatalotLimits.PronounsMaxLength);
        }

        var changed = db.ChangeTracker.HasChanges();
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        if (changed)
        {
            await profileEvents.PublishAsync(user, cancellationToken).ConfigureAwait(false);
        }

        return UserMapper.ToDto(user);
    }

    /// <summary>Users are visible to themselves, to instance admins, and to people they share a community with.</summary>
    public async Task<User> GetUserAsync(Caller caller, Guid userId, CancellationToken cancellationToken)
    {
        // The same people who see the profile (a DM partner included), and instance admins.
        if (!caller.IsInstanceAdmin && !await profileAccess.CanSeeAsync(caller.UserId, userId, cancellationToken).ConfigureAwait(false))
        {
            throw Fail.NotFound("The user");
        }

        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, cancellationToken).ConfigureAwait(false)
            ?? throw Fail.NotFound("The user");
        return UserMapper.ToDto(user);
    }

    public async Task BlockAsync(Caller caller, Guid userId, CancellationToken cancellationToken)
    {
        if (userId == caller.UserId)
        {
            throw Fail.Validation("user_id", "You cannot block yourself.");
        }

        if (!await db.Users.AnyAsync(u => u.Id == userId, cancellationToken).ConfigureAwait(false))
        {
            throw Fail.NotFound("The user");
        }

        if (!await db.UserBlocks.AnyAsync(b => b.BlockerId == caller.UserId && b.BlockedId == userId, cancellationToken).ConfigureAwait(false))
        {
            db.UserBlocks.Add(new UserBlockRow { BlockerId = caller.UserId, BlockedId = userId, CreatedAt = clock.UtcNow });
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public Task UnblockAsync(Caller caller, Guid userId, CancellationToken cancellationToken) =>
        db.UserBlocks.Where(b => b.BlockerId == caller.UserId && b.BlockedId == userId).ExecuteDeleteAsync(cancellationToken);

    public async Task<IReadOnlyList<BlockedUser>> ListBlocksAsync(Caller caller, CancellationToken cancellationToken) =>
        await db.UserBlocks.AsNoTracking().Where(b => b.BlockerId == caller.UserId)
            .Select(b => new BlockedUser(b.BlockedId, b.CreatedAt)).ToListAsync(cancellationToken).ConfigureAwait(false);

    public async Task SuspendAsync(Caller caller, Guid userId, SuspendUserRequest request, CancellationToken cancellationToken)
    {
        var target = await AdminTargetAsync(caller, userId, cancellationToken).ConfigureAwait(false);
        target.SuspendedAt = clock.UtcNow;
        target.SuspensionReason = Check.OptionalText(request.Reason, "reason", Protocol.ChatalotLimits.ReasonMaxLength);
        audit.Suspended(caller, userId, target.SuspensionReason);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        // The revocation closes the user's connections with account_suspended (not session_revoked), so a client can tell
        // the user why; the user-wide disconnect then catches a connection whose session was already revoked.
        await accounts.RevokeAllSessionsAsync(userId, null, "suspended", ErrorCodes.AccountSuspended, cancellationToken).ConfigureAwait(false);
        await gateway.DisconnectAsync(userId, null, ErrorCodes.AccountSuspended, cancellationToken).ConfigureAwait(false);
    }

    public async Task UnsuspendAsync(Caller caller, Guid userId, CancellationToken cancellationToken)
    {
        var target = await AdminTargetAsync(caller, userId, cancellationToken).ConfigureAwait(false);
        target.SuspendedAt = null;
        target.SuspensionReason = null;
        audit.Unsuspended(caller, userId);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<User> SetRoleAsync(Caller caller, Guid userId, SetInstanceRoleRequest request, CancellationToken cancellationToken)
    {
        if (caller.Role != InstanceRole.Owner)
        {
            throw Fail.Forbidden("Only the instance owner manages administrators.");
        }

        if (request.Role == InstanceRole.Owner || userId == caller.UserId)
        {
            throw Fail.Validation("role", "The owner role cannot be granted or dropped this way.");
        }

        var target = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, cancellationToken).ConfigureAwait(false) ?? throw Fail.NotFound("The user");
        if (target.Role != (int)request.Role)
        {
            audit.RoleChanged(caller, userId, request.Role == InstanceRole.Admin ? "admin" : "user");
        }

        target.Role = (int)request.Role;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return UserMapper.ToDto(target);
    }

    public async Task<RegistrationInvite> CreateRegistrationInviteAsync(Caller caller, CreateInviteRequest request, CancellationToken cancellationToken)
    {
        RequireAdmin(caller);
        Check.InviteLimits(request.MaxUses, request.ExpiresInHours);
        var now = clock.UtcNow;
        var row = new RegistrationInviteRow
        {
            Id = clock.NewId(),
            Code = Codes.NewInviteCode(16),
            MaxUses = request.MaxUses,
            ExpiresAt = request.ExpiresInHours is { } h ? now.AddHours(h) : null,
            CreatedBy = caller.UserId,
            CreatedAt = now,
        };
        db.RegistrationInvites.Add(row);
        audit.InviteCreated(caller, row.Id, (row.MaxUses is { } uses ? $"{uses} uses" : "unlimited uses") + (row.ExpiresAt is { } until ? $", until {until.UtcDateTime:yyyy-MM-ddTHH:mmZ}" : ""));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return ToDto(row, now);
    }

    public async Task<IReadOnlyList<RegistrationInvite>> ListRegistrationInvitesAsync(Caller caller, CancellationToken cancellationToken)
    {
        RequireAdmin(caller);
        var rows = await db.RegistrationInvites.AsNoTracking().OrderBy(i => i.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        var now = clock.UtcNow;
        return [.. rows.Select(r => ToDto(r, now))];
    }

    /// <summary>Revokes an invite: it admits nobody from now on and stays listed as revoked (a second revoke changes nothing).</summary>
    public async Task DeleteRegistrationInviteAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        RequireAdmin(caller);
        var row = await db.RegistrationInvites.FirstOrDefaultAsync(i => i.Id == id, cancellationToken).ConfigureAwait(false) ?? throw Fail.NotFound("The invite");
        if (row.RevokedAt is null)
        {
            row.RevokedAt = clock.UtcNow;
            audit.InviteRevoked(caller, id);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static void RequireAdmin(Caller caller)
    {
        if (!caller.IsInstanceAdmin)
        {
            throw Fail.Forbidden("Instance administrators only.");
        }
    }

    /// <summary>Admins may act on ordinary users; only the owner may act on admins; nobody on the owner (the original's W3).</summary>
    private async Task<UserRow> AdminTargetAsync(Caller caller, Guid userId, CancellationToken cancellationToken)
    {
        RequireAdmin(caller);
        var target = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, cancellationToken).ConfigureAwait(false) ?? throw Fail.NotFound("The user");
        var targetRole = (InstanceRole)target.Role;
        if (target.Id == caller.UserId || targetRole == InstanceRole.Owner || (targetRole == InstanceRole.Admin && caller.Role != InstanceRole.Owner))
        {
            throw Fail.Forbidden("You may not act on this account.");
        }

        return target;
    }

    private static RegistrationInvite ToDto(RegistrationInviteRow r, DateTimeOffset now) => new(
        r.Id, r.Code, r.MaxUses, r.Uses, r.ExpiresAt, r.CreatedAt, r.CreatedBy, r.RevokedAt,
        r.RevokedAt is not null ? Protocol.Admin.RegistrationInviteState.Revoked
        : r.ExpiresAt <= now ? Protocol.Admin.RegistrationInviteState.Expired
        : r.MaxUses <= r.Uses ? Protocol.Admin.RegistrationInviteState.UsedUp
        : Protocol.Admin.RegistrationInviteState.Active);
}
