using Chatalot.Protocol;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Bots;
using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Errors;
using Chatalot.Server.Hosting.Accounts.Internal;
using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Communities.Internal;
using Chatalot.Server.Hosting.Errors.Internal;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Chatalot.Server.Hosting.Bots.Internal;

/// <summary>
/// Bot accounts (rest.md §Bots, permissions.md §Bots): created by a community admin (the bot joins that community) or an
/// instance administrator, managed afterwards by its creator, the admins of its community and instance administrators.
/// A bot signs in with its token only; rotating or revoking the token ends every session of the bot at once.
/// </summary>
internal sealed partial class BotService(
    ChatalotDbContext db,
    Clock clock,
    Access access,
    AccountService accounts,
    CommunityService communities,
    Security.Internal.AccountDeletionService deletion,
    Profiles.Internal.ProfileService profiles,
    ILogger<BotService> logger)
{
    public async Task<BotCredentials> CreateAsync(Caller caller, CreateBotRequest request, CancellationToken cancellationToken)
    {
        var username = Check.Username(request.Username);
        var displayName = request.DisplayName is null ? username : Check.Name(request.DisplayName, "display_name");
        await RefuseBotCallerAsync(caller, cancellationToken).ConfigureAwait(false);
        if (request.CommunityId is { } communityId)
        {
            if (caller.IsInstanceAdmin)
            {
                if (!await db.Communities.AnyAsync(c => c.Id == communityId, cancellationToken).ConfigureAwait(false))
                {
                    throw Fail.NotFound("The community");
                }
            }
            else
            {
                await access.RequireCommunityAsync(caller, communityId, CommunityRole.Admin, cancellationToken).ConfigureAwait(false);
            }
        }
        else if (!caller.IsInstanceAdmin)
        {
            throw Fail.Forbidden("Only instance administrators create a bot outside a community; give community_id.");
        }

        var normalized = username.ToUpperInvariant();
        var token = BotTokens.New();
        var now = clock.UtcNow;
        var user = new UserRow
        {
            Id = clock.NewId(),
            Username = username,
            NormalizedUsername = normalized,
            DisplayName = displayName,
            PasswordHash = "",
            Role = (int)InstanceRole.User,
            CreatedAt = now,
            IsBot = true,
        };
        var bot = new BotRow { UserId = user.Id, CreatedBy = caller.UserId, CommunityId = request.CommunityId, TokenHash = BotTokens.Hash(token), TokenIssuedAt = now, CreatedAt = now };
        await db.InTransactionAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            // Losing a race for the name is rerun by RaceSafeWriteFilter, which then sees the winner.
            if (await db.Users.AnyAsync(u => u.NormalizedUsername == normalized, ct).ConfigureAwait(false))
            {
                throw Fail.Code(ErrorCodes.UsernameTaken, 409, "The user name is taken.");
            }

            db.Users.Add(user);
            db.Bots.Add(bot);
            await db.SaveChangesAsync(ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);

        if (request.CommunityId is { } joined)
        {
            // A member like any other: public groups, the member_joined event, the authorization caches.
            await communities.JoinAsync(joined, user.Id, cancellationToken).ConfigureAwait(false);
        }

        LogCreated(logger, user.Id, caller.UserId, request.CommunityId);
        return new BotCredentials(ToDto(bot, user), token);
    }

    /// <summary>The bots the caller manages, optionally only those of one community.</summary>
    public async Task<IReadOnlyList<Bot>> ListAsync(Caller caller, Guid? communityId, CancellationToken cancellationToken)
    {
        var query = db.Bots.AsNoTracking();
        if (communityId is { } c)
        {
            query = query.Where(b => b.CommunityId == c);
        }

        if (!caller.IsInstanceAdmin)
        {
            var administered = db.CommunityMembers.Where(m => m.UserId == caller.UserId && m.Role >= (int)CommunityRole.Admin).Select(m => m.CommunityId);
            query = query.Where(b => b.CreatedBy == caller.UserId || (b.CommunityId != null && administered.Contains(b.CommunityId.Value)));
        }

        var rows = await query.Join(db.Users.Where(u => u.DeletedAt == null), b => b.UserId, u => u.Id, (b, u) => new { b, u })
            .OrderBy(x => x.b.UserId).Take(ChatalotLimits.MemberPageMaxSize)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(x => ToDto(x.b, x.u))];
    }

    /// <summary>A new token; the old one stops working at once and every session of the bot ends.</summary>
    public async Task<BotCredentials> RotateAsync(Caller caller, Guid botId, CancellationToken cancellationToken)
    {
        var (bot, user) = await RequireManagedAsync(caller, botId, cancellationToken).ConfigureAwait(false);
        var token = BotTokens.New();
        bot.TokenHash = BotTokens.Hash(token);
        bot.TokenIssuedAt = clock.UtcNow;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await accounts.RevokeAllSessionsAsync(botId, null, "bot_token_rotated", ErrorCodes.SessionRevoked, cancellationToken).ConfigureAwait(false);
        LogRotated(logger, botId, caller.UserId);
        return new BotCredentials(ToDto(bot, user), token);
    }

    /// <summary>Revokes the token without a new one: sign-in is refused and every session ends until the token is rotated.</summary>
    public async Task RevokeAsync(Caller caller, Guid botId, CancellationToken cancellationToken)
    {
        var (bot, _) = await RequireManagedAsync(caller, botId, cancellationToken).ConfigureAwait(false);
        bot.TokenHash = null;
        bot.TokenIssuedAt = null;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await accounts.RevokeAllSessionsAsync(botId, null, "bot_token_revoked", ErrorCodes.SessionRevoked, cancellationToken).ConfigureAwait(false);
        LogRevoked(logger, botId, caller.UserId);
    }

    /// <summary>Deletes the bot account as any account is deleted (a tombstone keeps its messages' author).</summary>
    public async Task DeleteAsync(Caller caller, Guid botId, CancellationToken cancellationToken)
    {
        await RequireManagedAsync(caller, botId, cancellationToken).ConfigureAwait(false);
        db.ChangeTracker.Clear();
        await deletion.DeleteBotAsync(botId, caller.UserId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Signs a bot in with its token: the same session and tokens a password sign-in gives.</summary>
    public async Task<AuthResponse> LoginAsync(BotLoginRequest request, string clientAddress, CancellationToken cancellationToken)
    {
        var deviceName = Check.OptionalText(request.DeviceName, "device_name", ChatalotLimits.DeviceNameMaxLength);
        var token = request.Token ?? "";
        UserRow? user = null;
        if (token.StartsWith(BotTokens.Prefix, StringComparison.Ordinal) && token.Length <= BotTokens.MaxLength)
        {
            var hash = BotTokens.Hash(token);
            user = await db.Bots.Where(b => b.TokenHash == hash)
                .Join(db.Users, b => b.UserId, u => u.Id, (b, u) => u)
                .FirstOrDefaultAsync(u => u.DeletedAt == null && u.IsBot, cancellationToken).ConfigureAwait(false);
        }

        if (user is null)
        {
            LogLoginFailed(logger);
            throw Fail.Code(ErrorCodes.BotTokenInvalid, 401, "The bot token is invalid, rotated or revoked, or the bot was deleted.");
        }

        if (user.SuspendedAt is not null)
        {
            throw Fail.Code(ErrorCodes.AccountSuspended, 403, "The account is suspended.");
        }

        return await accounts.SignInAsync(user, deviceName, clientAddress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sets the bot's avatar (the image in the request body), as the bot itself could with <c>PUT /users/me/avatar</c>.</summary>
    public async Task<Protocol.Profiles.UserProfile> SetAvatarAsync(Caller caller, Guid botId, Microsoft.AspNetCore.Http.HttpContext http)
    {
        await RequireManagedAsync(caller, botId, http.RequestAborted).ConfigureAwait(false);
        return await profiles.SetImageAsync(botId, Profiles.Internal.ProfileImageKind.Avatar, http).ConfigureAwait(false);
    }

    private async Task<(BotRow Bot, UserRow User)> RequireManagedAsync(Caller caller, Guid botId, CancellationToken cancellationToken)
    {
        var bot = await db.Bots.FirstOrDefaultAsync(b => b.UserId == botId, cancellationToken).ConfigureAwait(false);
        var user = bot is null ? null : await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == botId && u.DeletedAt == null, cancellationToken).ConfigureAwait(false);
        if (bot is null || user is null)
        {
            throw Fail.NotFound("The bot");
        }

        if (caller.IsInstanceAdmin || bot.CreatedBy == caller.UserId)
        {
            return (bot, user);
        }

        if (bot.CommunityId is { } c && await access.CommunityRoleAsync(caller.UserId, c, cancellationToken).ConfigureAwait(false) >= CommunityRole.Admin)
        {
            return (bot, user);
        }

        throw Fail.Forbidden("A bot is managed by its creator, the admins of the community it was created in and instance administrators.");
    }

    private async Task RefuseBotCallerAsync(Caller caller, CancellationToken cancellationToken)
    {
        if (await db.Users.AnyAsync(u => u.Id == caller.UserId && u.IsBot, cancellationToken).ConfigureAwait(false))
        {
            throw Fail.Code(ErrorCodes.BotAccount, 403, "A bot account cannot create bots.");
        }
    }

    private static Bot ToDto(BotRow b, UserRow u) => new(u.Id, u.Username, u.DisplayName, b.CommunityId, b.CreatedBy, b.CreatedAt, b.TokenIssuedAt, u.AvatarId);

    [LoggerMessage(EventId = 1900, Level = LogLevel.Information, Message = "Bot {BotId} created by {CreatorId} (community {CommunityId})")]
    private static partial void LogCreated(ILogger logger, Guid botId, Guid creatorId, Guid? communityId);

    [LoggerMessage(EventId = 1901, Level = LogLevel.Information, Message = "Bot {BotId} token rotated by {ActorId}")]
    private static partial void LogRotated(ILogger logger, Guid botId, Guid actorId);

    [LoggerMessage(EventId = 1902, Level = LogLevel.Information, Message = "Bot {BotId} token revoked by {ActorId}")]
    private static partial void LogRevoked(ILogger logger, Guid botId, Guid actorId);

    [LoggerMessage(EventId = 1903, Level = LogLevel.Information, Message = "Failed bot sign-in")]
    private static partial void LogLoginFailed(ILogger logger);
}
