using System.Security.Cryptography;
using Chatalot.Protocol;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Errors;
using Chatalot.Server.Hosting.Accounts.Internal;
using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Errors;
using Chatalot.Server.Hosting.Errors.Internal;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Chatalot.Server.Hosting.Security.Internal;

/// <summary>
/// Two-factor sign-in (TOTP + backup codes), the recovery code and password recovery (rest.md §Account security).
/// Every password, code and recovery check goes through <see cref="PasswordGuessThrottle"/>, so wrong codes lock out
/// like wrong passwords. Seeds and codes never reach a log or an exception message.
/// </summary>
internal sealed partial class SecurityService(
    ChatalotDbContext db,
    PasswordHasher hasher,
    PasswordGuessThrottle throttle,
    TotpCodes totp,
    SecretProtector protector,
    TwoFactorGate gate,
    AccountService accounts,
    Clock clock,
    IOptions<ChatalotServerOptions> options,
    ILogger<SecurityService> logger,
    Audit.Internal.AuditLog audit)
{
    public async Task<AccountSecurity> GetStatusAsync(Caller caller, CancellationToken cancellationToken)
    {
        var row = await db.UserSecurity.AsNoTracking().FirstOrDefaultAsync(s => s.UserId == caller.UserId, cancellationToken).ConfigureAwait(false);
        var enabled = row?.TotpSecret is not null;
        var left = enabled ? await db.BackupCodes.CountAsync(b => b.UserId == caller.UserId && b.UsedAt == null, cancellationToken).ConfigureAwait(false) : 0;
        return new AccountSecurity(enabled, left, row?.RecoveryCodeHash is not null);
    }

    public async Task<TwoFactorSetup> SetupAsync(Caller caller, TwoFactorSetupRequest request, string address, CancellationToken cancellationToken)
    {
        var user = await CheckPasswordAsync(caller.UserId, request.Password, address, cancellationToken).ConfigureAwait(false);
        var row = await RowAsync(caller.UserId, cancellationToken).ConfigureAwait(false);
        if (row.TotpSecret is not null)
        {
            throw Fail.Code(ErrorCodes.TwoFactorState, 409, "Two-factor sign-in is already on; turn it off first to change the authenticator.");
        }

        var seed = TotpCodes.NewSeed();
        try
        {
            row.PendingTotpSecret = protector.ProtectSeed(seed);
            row.UpdatedAt = clock.UtcNow;
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            var base32 = TotpCodes.ToBase32(seed);
            var issuer = options.Value.Auth.TotpIssuer;
            return new TwoFactorSetup(base32, TotpCodes.OtpauthUri(issuer, user.Username, base32));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    public async Task<BackupCodes> EnableAsync(Caller caller, TwoFactorCodeRequest request, string address, CancellationToken cancellationToken)
    {
        var row = await RowAsync(caller.UserId, cancellationToken).ConfigureAwait(false);
        if (row.TotpSecret is not null || row.PendingTotpSecret is null)
        {
            throw Fail.Code(ErrorCodes.TwoFactorState, 409, row.TotpSecret is not null ? "Two-factor sign-in is already on." : "Start with POST /users/me/2fa/setup.");
        }

        var seed = OpenSeed(row.PendingTotpSecret);
        long step;
        var guess = await throttle.BeginSecondFactorAsync(caller.UserId, address).ConfigureAwait(false);
        await using (guess.ConfigureAwait(false))
        {
            if (totp.Match(seed, request.Code) is not { } matched)
            {
                await guess.FailedAsync().ConfigureAwait(false);
                throw WrongCode(403);
            }

            await guess.SucceededAsync().ConfigureAwait(false);
            step = matched;
        }

        CryptographicOperations.ZeroMemory(seed);
        var now = clock.UtcNow;
        var pending = row.PendingTotpSecret;
        var userId = caller.UserId;
        audit.Record(Protocol.Audit.AuditAction.TwoFactorEnabled, caller.UserId, targetUserId: caller.UserId); // saved with the codes
        var codes = await ReplaceBackupCodesAsync(caller.UserId, now, async ct =>
        {
            // Turned on by a conditional update, in the transaction that stores the backup codes: of racing enables
            // with one code, one turns it on (and its codes are the ones kept); the others find it on, as a later
            // request would. The confirming code's step is spent, so it cannot sign in too.
            var claimed = await db.UserSecurity.Where(s => s.UserId == userId && s.TotpSecret == null && s.PendingTotpSecret == pending)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(x => x.TotpSecret, pending)
                    .SetProperty(x => x.PendingTotpSecret, (string?)null)
                    .SetProperty(x => x.TotpEnabledAt, now)
                    .SetProperty(x => x.TotpLastStep, step)
                    .SetProperty(x => x.UpdatedAt, now), ct).ConfigureAwait(false);
            if (claimed == 0)
            {
                throw Fail.Code(ErrorCodes.TwoFactorState, 409, "Two-factor sign-in is already on.");
            }
        }, cancellationToken).ConfigureAwait(false);
        LogTwoFactorEnabled(logger, caller.UserId);
        return codes;
    }

    public async Task DisableAsync(Caller caller, TwoFactorDisableRequest request, string address, CancellationToken cancellationToken)
    {
        await CheckPasswordAsync(caller.UserId, request.Password, address, cancellationToken).ConfigureAwait(false);
        var row = await RowAsync(caller.UserId, cancellationToken).ConfigureAwait(false);
        RequireEnabled(row);
        await RequireSecondFactorAsync(row, request.Code, null, address, 403, cancellationToken).ConfigureAwait(false);
        row.TotpSecret = null;
        row.PendingTotpSecret = null;
        row.TotpEnabledAt = null;
        row.UpdatedAt = clock.UtcNow;
        audit.Record(Protocol.Audit.AuditAction.TwoFactorDisabled, caller.UserId, targetUserId: caller.UserId);
        await db.InTransactionAsync(async ct =>
        {
            await db.BackupCodes.Where(b => b.UserId == caller.UserId).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await db.SaveChangesAsync(ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        LogTwoFactorDisabled(logger, caller.UserId);
    }

    public async Task<BackupCodes> RegenerateBackupCodesAsync(Caller caller, TwoFactorCodeRequest request, string address, CancellationToken cancellationToken)
    {
        var row = await RowAsync(caller.UserId, cancellationToken).ConfigureAwait(false);
        RequireEnabled(row);
        await RequireSecondFactorAsync(row, request.Code, null, address, 403, cancellationToken).ConfigureAwait(false);
        return await ReplaceBackupCodesAsync(caller.UserId, clock.UtcNow, null, cancellationToken).ConfigureAwait(false);
    }

    public async Task<RecoveryCode> RegenerateRecoveryCodeAsync(Caller caller, PasswordConfirmation request, string address, CancellationToken cancellationToken)
    {
        await CheckPasswordAsync(caller.UserId, request.Password, address, cancellationToken).ConfigureAwait(false);
        var row = await RowAsync(caller.UserId, cancellationToken).ConfigureAwait(false);
        var code = SetRecoveryCode(row);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return new RecoveryCode(code);
    }

    /// <summary>Finishes a login that answered <c>two_factor_required</c>.</summary>
    public async Task<AuthResponse> CompleteLoginAsync(TwoFactorLoginRequest request, string address, CancellationToken cancellationToken)
    {
        var (userId, deviceName) = gate.OpenChallenge(request.Challenge)
            ?? throw Fail.Code(ErrorCodes.InvalidTwoFactorChallenge, 401, "The two-factor challenge is invalid or expired; sign in again.");
        if ((request.Code is null) == (request.BackupCode is null))
        {
            throw Fail.Validation("code", "Give exactly one of code and backup_code.");
        }

        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId && u.DeletedAt == null, cancellationToken).ConfigureAwait(false)
            ?? throw Fail.Code(ErrorCodes.InvalidTwoFactorChallenge, 401, "The two-factor challenge is invalid or expired; sign in again.");
        var row = await RowAsync(userId, cancellationToken).ConfigureAwait(false);
        if (row.TotpSecret is not null)
        {
            await RequireSecondFactorAsync(row, request.Code, request.BackupCode, address, 401, cancellationToken).ConfigureAwait(false);
        }

        if (user.SuspendedAt is not null)
        {
            throw Fail.Code(ErrorCodes.AccountSuspended, 403, "The account is suspended.");
        }

        return await accounts.SignInAsync(user, deviceName, address, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Resets a forgotten password with the recovery code; revokes every session and answers a new code.</summary>
    public async Task<RecoveryCode> RecoverAsync(RecoverAccountRequest request, string address, CancellationToken cancellationToken)
    {
        var normalized = (request.Username ?? "").Trim().ToUpperInvariant();
        var password = Check.Password(request.NewPassword, "new_password");
        if (normalized.Length is 0 or > ChatalotLimits.UsernameMaxLength)
        {
            throw Fail.Code(ErrorCodes.InvalidRecoveryCode, 401, "Wrong user name or recovery code.");
        }

        UserRow user;
        UserSecurityRow row;
        var guess = await throttle.BeginRecoveryAsync(normalized, address).ConfigureAwait(false);
        await using (guess.ConfigureAwait(false))
        {
            var found = await db.Users.FirstOrDefaultAsync(u => u.NormalizedUsername == normalized && u.DeletedAt == null, cancellationToken).ConfigureAwait(false);
            Bots.Internal.BotGuard.RefusePassword(found);
            var foundRow = found is null ? null : await db.UserSecurity.FirstOrDefaultAsync(s => s.UserId == found.Id, cancellationToken).ConfigureAwait(false);
            var canonical = SecretCodes.Normalize(request.RecoveryCode, 24);
            var expected = foundRow?.RecoveryCodeHash ?? new byte[32];
            var actual = canonical is null ? new byte[32] : SecretCodes.HashRecoveryCode(found?.Id ?? Guid.Empty, canonical);
            if (found is null || foundRow?.RecoveryCodeHash is null || canonical is null || !CryptographicOperations.FixedTimeEquals(expected, actual))
            {
                await guess.FailedAsync().ConfigureAwait(false);
                LogRecoveryFailed(logger);
                throw Fail.Code(ErrorCodes.InvalidRecoveryCode, 401, "Wrong user name or recovery code.");
            }

            await guess.SucceededAsync().ConfigureAwait(false);
            user = found;
            row = foundRow;
        }

        if (user.SuspendedAt is not null)
        {
            throw Fail.Code(ErrorCodes.AccountSuspended, 403, "The account is suspended.");
        }

        // The presented code is spent by a conditional update in the transaction that sets the password: of racing
        // recoveries with one code, exactly one resets the password; the others find the code gone.
        var presented = row.RecoveryCodeHash;
        var userId = user.Id;
        var passwordHash = hasher.Hash(password);
        var code = SecretCodes.NewRecoveryCode();
        var next = SecretCodes.HashRecoveryCode(userId, SecretCodes.Normalize(code, 24)!);
        var now = clock.UtcNow;
        await db.InTransactionAsync(async ct =>
        {
            var spent = await db.UserSecurity.Where(s => s.UserId == userId && s.RecoveryCodeHash == presented)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.RecoveryCodeHash, next).SetProperty(x => x.UpdatedAt, now), ct).ConfigureAwait(false);
            if (spent == 0)
            {
                throw Fail.Code(ErrorCodes.InvalidRecoveryCode, 401, "Wrong user name or recovery code.");
            }

            await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.PasswordHash, passwordHash), ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        await accounts.RevokeAllSessionsAsync(user.Id, null, "recovered", ErrorCodes.SessionRevoked, cancellationToken).ConfigureAwait(false);
        LogRecovered(logger, user.Id);
        return new RecoveryCode(code);
    }

    /// <summary>Checks the password (and, with two-factor sign-in on, a code) before the account is deleted.</summary>
    public async Task ConfirmDeletionAsync(Caller caller, PasswordConfirmation request, string address, CancellationToken cancellationToken)
    {
        await CheckPasswordAsync(caller.UserId, request.Password, address, cancellationToken).ConfigureAwait(false);
        var row = await db.UserSecurity.FirstOrDefaultAsync(s => s.UserId == caller.UserId, cancellationToken).ConfigureAwait(false);
        if (row?.TotpSecret is not null)
        {
            if (request.Code is null)
            {
                throw Fail.Code(ErrorCodes.InvalidTwoFactorCode, 403, "Two-factor sign-in is on: give a code to delete the account.");
            }

            await RequireSecondFactorAsync(row, request.Code, null, address, 403, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<UserRow> CheckPasswordAsync(Guid userId, string? password, string address, CancellationToken cancellationToken)
    {
        var user = await db.Users.FirstAsync(u => u.Id == userId, cancellationToken).ConfigureAwait(false);
        Bots.Internal.BotGuard.RefusePassword(user);
        var guess = await throttle.BeginPasswordCheckAsync(userId, address).ConfigureAwait(false);
        await using var guessScope = guess.ConfigureAwait(false);
        if (password is null || password.Length > ChatalotLimits.PasswordMaxLength || !hasher.Verify(password, user.PasswordHash))
        {
            await guess.FailedAsync().ConfigureAwait(false);
            throw Fail.Code(ErrorCodes.WrongCurrentPassword, 403, "The current password is wrong.");
        }

        await guess.SucceededAsync().ConfigureAwait(false);
        return user;
    }

    private async Task<UserSecurityRow> RowAsync(Guid userId, CancellationToken cancellationToken)
    {
        var row = await db.UserSecurity.FirstOrDefaultAsync(s => s.UserId == userId, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            row = new UserSecurityRow { UserId = userId, UpdatedAt = clock.UtcNow };
            db.UserSecurity.Add(row);
        }

        return row;
    }

    private static void RequireEnabled(UserSecurityRow row)
    {
        if (row.TotpSecret is null)
        {
            throw Fail.Code(ErrorCodes.TwoFactorState, 409, "Two-factor sign-in is off.");
        }
    }

    private string SetRecoveryCode(UserSecurityRow row)
    {
        var code = SecretCodes.NewRecoveryCode();
        row.RecoveryCodeHash = SecretCodes.HashRecoveryCode(row.UserId, SecretCodes.Normalize(code, 24)!);
        row.UpdatedAt = clock.UtcNow;
        return code;
    }

    private byte[] OpenSeed(string stored)
    {
        var seed = protector.UnprotectSeed(stored);
        if (seed is null)
        {
            LogSeedUnreadable(logger);
            throw new ChatalotServerException(ErrorCodes.Unavailable, 503, "Two-factor codes cannot be checked right now.");
        }

        return seed;
    }

    /// <summary>
    /// Accepts a TOTP code for a step later than the last accepted one (so a code works once, RFC 6238 §5.2), or an
    /// unused backup code, which is spent. Both are claimed with a conditional update, so two racing requests with the
    /// same code cannot both win.
    /// </summary>
    private async Task RequireSecondFactorAsync(UserSecurityRow row, string? code, string? backupCode, string address, int failStatus, CancellationToken cancellationToken)
    {
        var guess = await throttle.BeginSecondFactorAsync(row.UserId, address).ConfigureAwait(false);
        await using var guessScope = guess.ConfigureAwait(false);
        if (!await TryCodeAsync(row, code, backupCode, cancellationToken).ConfigureAwait(false))
        {
            await guess.FailedAsync().ConfigureAwait(false);
            throw WrongCode(failStatus);
        }

        await guess.SucceededAsync().ConfigureAwait(false);
    }

    private async Task<bool> TryCodeAsync(UserSecurityRow row, string? code, string? backupCode, CancellationToken cancellationToken)
    {
        var userId = row.UserId;
        if (backupCode is null && code is not null && row.TotpSecret is not null && !SecretCodes.LooksLikeBackupCode(code))
        {
            var seed = OpenSeed(row.TotpSecret);
            var matched = totp.Match(seed, code);
            CryptographicOperations.ZeroMemory(seed);
            if (matched is not { } step)
            {
                return false;
            }

            var claimed = await db.UserSecurity.Where(s => s.UserId == userId && s.TotpLastStep < step)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.TotpLastStep, step), cancellationToken).ConfigureAwait(false);
            return claimed == 1;
        }

        if (SecretCodes.Normalize(backupCode ?? code, 12) is not { } canonical)
        {
            return false;
        }

        var hash = SecretCodes.HashBackupCode(userId, canonical);
        var now = clock.UtcNow;
        var spent = await db.BackupCodes.Where(b => b.UserId == userId && b.CodeHash == hash && b.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.UsedAt, now), cancellationToken).ConfigureAwait(false);
        return spent == 1;
    }

    /// <summary>Replaces the backup codes, after <paramref name="first"/> (when given) in the same transaction.</summary>
    private async Task<BackupCodes> ReplaceBackupCodesAsync(Guid userId, DateTimeOffset now, Func<CancellationToken, Task>? first, CancellationToken cancellationToken)
    {
        var codes = Enumerable.Range(0, ChatalotLimits.BackupCodeCount).Select(_ => SecretCodes.NewBackupCode()).ToList();
        await db.InTransactionAsync(async ct =>
        {
            if (first is not null)
            {
                await first(ct).ConfigureAwait(false);
            }

            await db.BackupCodes.Where(b => b.UserId == userId).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            foreach (var code in codes)
            {
                db.BackupCodes.Add(new BackupCodeRow { UserId = userId, CodeHash = SecretCodes.HashBackupCode(userId, SecretCodes.Normalize(code, 12)!), CreatedAt = now });
            }

            await db.SaveChangesAsync(ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        return new BackupCodes(codes);
    }

    private static ChatalotServerException WrongCode(int status) =>
        Fail.Code(ErrorCodes.InvalidTwoFactorCode, status, "The two-factor code is wrong or was already used.");

    [LoggerMessage(EventId = 1150, Level = LogLevel.Information, Message = "User {UserId} turned two-factor sign-in on")]
    private static partial void LogTwoFactorEnabled(ILogger logger, Guid userId);

    [LoggerMessage(EventId = 1151, Level = LogLevel.Information, Message = "User {UserId} turned two-factor sign-in off")]
    private static partial void LogTwoFactorDisabled(ILogger logger, Guid userId);

    [LoggerMessage(EventId = 1152, Level = LogLevel.Information, Message = "Failed account recovery")]
    private static partial void LogRecoveryFailed(ILogger logger);

    [LoggerMessage(EventId = 1153, Level = LogLevel.Information, Message = "User {UserId} reset the password with the recovery code")]
    private static partial void LogRecovered(ILogger logger, Guid userId);

    [LoggerMessage(EventId = 1154, Level = LogLevel.Error, Message = "A stored TOTP seed could not be decrypted: the Data Protection key folder is missing or not the one the seeds were made with")]
    private static partial void LogSeedUnreadable(ILogger logger);
}
