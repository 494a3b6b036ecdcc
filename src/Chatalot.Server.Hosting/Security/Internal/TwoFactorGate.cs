using System.Buffers.Binary;
using System.Text;
using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.EntityFrameworkCore;

namespace Chatalot.Server.Hosting.Security.Internal;

/// <summary>
/// The part of account security that registration and login need: whether an account has two-factor sign-in on, the
/// short-lived challenge that carries a half-finished login to <c>/auth/login/2fa</c>, and the recovery code issued
/// with a new account.
/// <para>
/// The challenge is stateless: Data Protection ciphertext (authenticated, so it cannot be forged or altered) of the
/// user id, its expiry and the session's device name. It proves the password was checked within the last
/// <see cref="ChallengeLifetime"/>; the code it is presented with is what is single-use.
/// </para>
/// </summary>
internal sealed class TwoFactorGate(ChatalotDbContext db, SecretProtector protector, Clock clock)
{
    public static readonly TimeSpan ChallengeLifetime = TimeSpan.FromMinutes(5);
    private const byte ChallengeVersion = 1;

    public Task<bool> IsEnabledAsync(Guid userId, CancellationToken cancellationToken) =>
        db.UserSecurity.AnyAsync(s => s.UserId == userId && s.TotpSecret != null, cancellationToken);

    public string IssueChallenge(Guid userId, string? deviceName)
    {
        var name = Encoding.UTF8.GetBytes(deviceName ?? "");
        var payload = new byte[1 + 16 + 8 + name.Length];
        payload[0] = ChallengeVersion;
        userId.TryWriteBytes(payload.AsSpan(1, 16), bigEndian: true, out _);
        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(17, 8), (clock.UtcNow + ChallengeLifetime).ToUnixTimeMilliseconds());
        name.CopyTo(payload, 25);
        return protector.ProtectChallenge(payload);
    }

    /// <summary>The user and device name of a valid, unexpired challenge, or <see langword="null"/>.</summary>
    public (Guid UserId, string? DeviceName)? OpenChallenge(string? challenge)
    {
        var payload = protector.UnprotectChallenge(challenge);
        if (payload is null || payload.Length < 25 || payload[0] != ChallengeVersion)
        {
            return null;
        }

        var expires = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(payload.AsSpan(17, 8)));
        if (expires <= clock.UtcNow)
        {
            return null;
        }

        var name = Encoding.UTF8.GetString(payload.AsSpan(25));
        return (new Guid(payload.AsSpan(1, 16), bigEndian: true), name.Length == 0 ? null : name);
    }

    /// <summary>Adds a new account's security row with a fresh recovery code (saved with the caller's SaveChanges); returns the code.</summary>
    public string AddRecoveryCode(Guid userId, DateTimeOffset now)
    {
        var code = SecretCodes.NewRecoveryCode();
        db.UserSecurity.Add(new UserSecurityRow
        {
            UserId = userId,
            RecoveryCodeHash = SecretCodes.HashRecoveryCode(userId, SecretCodes.Normalize(code, 24)!),
            UpdatedAt = now,
        });
        return code;
    }
}
