using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Chatalot.Protocol;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Errors;
using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Errors.Internal;
using Chatalot.Server.Hosting.Gateway.Internal;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Chatalot.Server.Hosting.Accounts.Internal;

/// <summary>Registration, login, refresh-token rotation with reuse detection, logout and session management.</summary>
internal sealed partial class AccountService(
    ChatalotDbContext db,
    PasswordHasher hasher,
    AccessTokenService tokens,
    PasswordGuessThrottle throttle,
    Clock clock,
    IGatewayPublisher gateway,
    IOptions<ChatalotServerOptions> options,
    ILogger<AccountService> logger,
    Security.Internal.TwoFactorGate twoFactor,
    Admin.Internal.SetupClaim setup,
    Admin.Internal.ServerSettingsService settings)
{
    private readonly ChatalotServerOptions _options = options.Value;

    public async Task<AuthResponse> RegisterAsync(RegisterRequest request, CancellationToken cancellationToken, string? clientAddress = null)
    {
        var username = Check.Username(request.Username);
        var password = Check.Password(request.Password);
        var displayName = request.DisplayName is null ? username : Check.Name(request.DisplayName, "display_name");
        var deviceName = Check.OptionalText(request.DeviceName, "device_name", ChatalotLimits.DeviceNameMaxLength);
        var normalized = username.ToUpperInvariant();

        // Hash before opening the transaction: Argon2 is the slow part and must not hold a write lock.
        var hash = hasher.Hash(password);
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            var tx = await db.Database.BeginTransactionAsync(ct).ConfigureAwait(false);
            await using var txScope = tx.ConfigureAwait(false);
            // Until the instance is claimed only the setup code registers, and that registration becomes the owner.
            var first = await setup.TryClaimAsync(request.SetupCode, ct).ConfigureAwait(false);
            if (!first)
            {
                await ConsumeRegistrationInviteAsync(request.InviteCode, ct).ConfigureAwait(false);
            }

            if (await db.Users.AnyAsync(u => u.NormalizedUsername == normalized, ct).ConfigureAwait(false))
            {
                throw Fail.Code(ErrorCodes.UsernameTaken, 409, "The user name is taken.");
            }

            var now = clock.UtcNow;
            var user = new UserRow
            {
                Id = clock.NewId(),
                Username = username,
                NormalizedUsername = normalized,
                DisplayName = displayName,
                PasswordHash = hash,
                Role = (int)(first ? InstanceRole.Owner : InstanceRole.User),
                CreatedAt = now,
            };
            db.Users.Add(user);
            if (first)
            {
                setup.Claimed(user.Id);
            }

            var response = StartSession(user, deviceName, now, clientAddress) with { RecoveryCode = twoFactor.AddRecoveryCode(user.Id, now) };
            // Losing a race for the name or for the owner role is rerun by RaceSafeWriteFilter, which then sees the winner.
            await db.SaveChangesAsync(ct).ConfigureAwait(false);

            await tx.CommitAsync(ct).ConfigureAwait(false);
            LogRegistered(logger, user.Id, first);
            return response;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<AuthResponse> LoginAsync(LoginRequest request, string clientAddress, CancellationToken cancellationToken)
    {
        var normalized = (request.Username ?? "").Trim().ToUpperInvariant();
        if (normalized.Length is 0 or > ChatalotLimits.UsernameMaxLength || request.Password is null || request.Password.Length > ChatalotLimits.PasswordMaxLength)
        {
            throw Fail.Code(ErrorCodes.InvalidCredentials, 401, "Wrong user name or password.");
        }

        var deviceName = Check.OptionalText(request.DeviceName, "device_name", ChatalotLimits.DeviceNameMaxLength);
        UserRow user;
        var guess = await throttle.BeginLoginAsync(normalized, clientAddress).ConfigureAwait(false);
        await using (guess.ConfigureAwait(false))
        {
            var found = await db.Users.FirstOrDefaultAsync(u => u.NormalizedUsername == normalized, cancellationToken).ConfigureAwait(false);
            Bots.Internal.BotGuard.RefusePassword(found);
            if (!hasher.Verify(request.Password, found?.PasswordHash) || found is null)
            {
                await guess.FailedAsync().ConfigureAwait(false);
                LogLoginFailed(logger);
                throw Fail.Code(ErrorCodes.InvalidCredentials, 401, "Wrong user name or password.");
            }

            await guess.SucceededAsync().ConfigureAwait(false);
            user = found;
        }

        if (user.SuspendedAt is not null)
        {
            throw Fail.Code(ErrorCodes.AccountSuspended, 403, "The account is suspended.");
        }

        if (await twoFactor.IsEnabledAsync(user.Id, cancellationToken).ConfigureAwait(false))
        {
            throw new Security.Internal.TwoFactorRequiredException(twoFactor.IssueChallenge(user.Id, deviceName));
        }

        return await SignInAsync(user, deviceName, clientAddress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts a session for a user whose credentials (and second factor) were checked.</summary>
    public async Task<AuthResponse> SignInAsync(UserRow user, string? deviceName, string? clientAddress, CancellationToken cancellationToken)
    {
        // Unlike the original (W9), logging in never ends the user's other sessions.
        var response = StartSession(user, deviceName, clock.UtcNow, clientAddress);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return response;
    }

    /// <summary>Revokes every session of the caller but the calling one ("sign out everywhere else").</summary>
    public Task RevokeOtherSessionsAsync(Caller caller, CancellationToken cancellationToken) =>
        RevokeAllSessionsAsync(caller.UserId, caller.SessionId, "revoked", ErrorCodes.SessionRevoked, cancellationToken);

    public async Task<AuthResponse> RefreshAsync(RefreshRequest request, CancellationToken cancellationToken, string? clientAddress = null)
    {
        var hash = HashRefreshToken(request.RefreshToken);
        var now = clock.UtcNow;
        var row = await db.RefreshTokens.AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == hash, cancellationToken).ConfigureAwait(false);
        if (row is null || row.ExpiresAt <= now)
        {
            throw Fail.Code(ErrorCodes.InvalidRefreshToken, 401, "The refresh token is invalid or expired.");
        }

        // Claim the token atomically: exactly one concurrent refresh wins; any other presentation is a reuse.
        var claimed = await db.RefreshTokens.Where(t => t.TokenHash == hash && t.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, now), cancellationToken).ConfigureAwait(false);
        var session = await db.Sessions.FirstOrDefaultAsync(s => s.Id == row.SessionId, cancellationToken).ConfigureAwait(false);
        if (session is null || session.RevokedAt is not null)
        {
            throw Fail.Code(ErrorCodes.SessionRevoked, 401, "The session was revoked.");
        }

        if (claimed == 0)
        {
            // A rotated token came back: it was stolen or replayed. Revoke the whole family (RFC 9700 §4.14.2).
            await RevokeSessionAsync(session, "refresh_token_reused", cancellationToken).ConfigureAwait(false);
            LogRefreshReuse(logger, session.UserId, session.Id);
            throw Fail.Code(ErrorCodes.RefreshTokenReused, 401, "The refresh token was already used; the session is revoked.");
        }

        var user = await db.Users.FirstAsync(u => u.Id == session.UserId, cancellationToken).ConfigureAwait(false);
        if (user.SuspendedAt is not null)
        {
            throw Fail.Code(ErrorCodes.AccountSuspended, 403, "The account is suspended.");
        }

        session.LastUsedAt = now;
        session.LastAddress = Security.Internal.SessionActivity.Truncate(clientAddress) ?? session.LastAddress;
        session.ExpiresAt = now + _options.Auth.RefreshTokenLifetime;
        var response = IssueTokens(user, session, now);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return response;
    }

    public async Task LogoutAsync(Caller caller, CancellationToken cancellationToken)
    {
        var session = await db.Sessions.FirstOrDefaultAsync(s => s.Id == caller.SessionId, cancellationToken).ConfigureAwait(false);
        if (session is not null)
        {
            await RevokeSessionAsync(session, "logout", cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<SessionInfo>> ListSessionsAsync(Caller caller, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        var rows = await db.Sessions.AsNoTracking()
            .Where(s => s.UserId == caller.UserId && s.RevokedAt == null && s.ExpiresAt > now)
            .OrderBy(s => s.CreatedAt)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(s => new SessionInfo(s.Id, s.DeviceName, s.CreatedAt, s.LastUsedAt, s.ExpiresAt, s.Id == caller.SessionId) { LastAddress = s.LastAddress })];
    }

    public async Task RevokeSessionAsync(Caller caller, Guid sessionId, CancellationToken cancellationToken)
    {
        var session = await db.Sessions.FirstOrDefaultAsync(s => s.Id == sessionId && s.UserId == caller.UserId, cancellationToken).ConfigureAwait(false)
            ?? throw Fail.NotFound("The session");
        await RevokeSessionAsync(session, "revoked", cancellationToken).ConfigureAwait(false);
    }

    public async Task ChangePasswordAsync(Caller caller, ChangePasswordRequest request, string clientAddress, CancellationToken cancellationToken)
    {
        var password = Check.Password(request.NewPassword, "new_password");
        var user = await db.Users.FirstAsync(u => u.Id == caller.UserId, cancellationToken).ConfigureAwait(false);
        Bots.Internal.BotGuard.RefusePassword(user);
        var guess = await throttle.BeginPasswordCheckAsync(user.Id, clientAddress).ConfigureAwait(false);
        await using (guess.ConfigureAwait(false))
        {
            // Not 401: clients read that as "signed out", and this session is still valid.
            if (!hasher.Verify(request.CurrentPassword ?? "", user.PasswordHash))
            {
                await guess.FailedAsync().ConfigureAwait(false);
                throw Fail.Code(ErrorCodes.WrongCurrentPassword, 403, "The current password is wrong.");
            }

            await guess.SucceededAsync().ConfigureAwait(false);
        }

        user.PasswordHash = hasher.Hash(password);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await RevokeAllSessionsAsync(user.Id, caller.SessionId, "password_changed", ErrorCodes.SessionRevoked, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Revokes every session of a user except <paramref name="keep"/>, closing their gateway connections at once with
    /// <paramref name="disconnectCode"/> as the reason (gateway.md: <c>account_suspended</c> for a suspension).
    /// </summary>
    public async Task RevokeAllSessionsAsync(Guid userId, Guid? keep, string reason, string disconnectCode, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        var ids = await db.Sessions.Where(s => s.UserId == userId && s.RevokedAt == null && s.Id != keep)
            .Select(s => s.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        await db.Sessions.Where(s => ids.Contains(s.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, now).SetProperty(x => x.RevokedReason, reason), cancellationToken).ConfigureAwait(false);
        foreach (var id in ids)
        {
            await gateway.DisconnectAsync(userId, id, disconnectCode, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task RevokeSessionAsync(SessionRow session, string reason, CancellationToken cancellationToken)
    {
        if (session.RevokedAt is null)
        {
            session.RevokedAt = clock.UtcNow;
            session.RevokedReason = reason;
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        await gateway.DisconnectAsync(session.UserId, session.Id, ErrorCodes.SessionRevoked, cancellationToken).ConfigureAwait(false);
    }

    private async Task ConsumeRegistrationInviteAsync(string? code, CancellationToken cancellationToken)
    {
        switch (await settings.RegistrationModeAsync(cancellationToken).ConfigureAwait(false))
        {
            case RegistrationMode.Open:
                return;
            case RegistrationMode.Closed:
                throw Fail.Code(ErrorCodes.RegistrationClosed, 403, "Registration is closed.");
        }

        if (string.IsNullOrWhiteSpace(code) || code.Length > 64)
        {
            throw Fail.Code(ErrorCodes.RegistrationClosed, 403, "Registration needs an invite code.");
        }

        var now = clock.UtcNow;
        var used = await db.RegistrationInvites
            .Where(i => i.Code == code && i.RevokedAt == null && (i.ExpiresAt == null || i.ExpiresAt > now) && (i.MaxUses == null || i.Uses < i.MaxUses))
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Uses, i => i.Uses + 1), cancellationToken).ConfigureAwait(false);
        if (used == 0)
        {
            throw Fail.Code(ErrorCodes.InviteInvalid, 403, "The invite code is invalid, expired or used up.");
        }
    }

    private AuthResponse StartSession(UserRow user, string? deviceName, DateTimeOffset now, string? clientAddress)
    {
        var session = new SessionRow
        {
            Id = clock.NewId(),
            UserId = user.Id,
            DeviceName = deviceName,
            CreatedAt = now,
            LastUsedAt = now,
            ExpiresAt = now + _options.Auth.RefreshTokenLifetime,
            LastAddress = Security.Internal.SessionActivity.Truncate(clientAddress),
        };
        db.Sessions.Add(session);
        return IssueTokens(user, session, now);
    }

    private AuthResponse IssueTokens(UserRow user, SessionRow session, DateTimeOffset now)
    {
        var refresh = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        db.RefreshTokens.Add(new RefreshTokenRow
        {
            TokenHash = HashRefreshToken(refresh),
            SessionId = session.Id,
            CreatedAt = now,
            ExpiresAt = session.ExpiresAt,
        });
        var (access, accessExpires) = tokens.Issue(user.Id, session.Id);
        return new AuthResponse(access, accessExpires, refresh, session.ExpiresAt, session.Id, UserMapper.ToDto(user));
    }

    private static byte[] HashRefreshToken(string? token) => SHA256.HashData(Encoding.UTF8.GetBytes(token ?? ""));

    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "User {UserId} registered (instance owner: {IsOwner})")]
    private static partial void LogRegistered(ILogger logger, Guid userId, bool isOwner);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Failed login")]
    private static partial void LogLoginFailed(ILogger logger);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Refresh token reuse for user {UserId}; session {SessionId} revoked")]
    private static partial void LogRefreshReuse(ILogger logger, Guid userId, Guid sessionId);
}
