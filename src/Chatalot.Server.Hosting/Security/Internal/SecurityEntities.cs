using Microsoft.EntityFrameworkCore;

namespace Chatalot.Server.Hosting.Security.Internal;

/// <summary>
/// One account's second factor and recovery state (table <c>user_security</c>). The TOTP seeds are Data Protection
/// ciphertext (<see cref="SecretProtector"/>), never the base32 secret; the recovery code is kept only as a hash.
/// </summary>
internal sealed class UserSecurityRow
{
    public Guid UserId { get; set; }

    // The enabled TOTP seed, encrypted; null while two-factor sign-in is off.
    public string? TotpSecret { get; set; }

    // A seed handed out by setup and not yet confirmed by enable, encrypted.
    public string? PendingTotpSecret { get; set; }

    public DateTimeOffset? TotpEnabledAt { get; set; }

    // The last accepted 30-second step: a code is accepted only for a later step, so one code works once.
    public long TotpLastStep { get; set; }

    // SHA-256 of the normalized recovery code (120 random bits, so a fast hash is enough).
    public byte[]? RecoveryCodeHash { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>One single-use backup code (table <c>backup_codes</c>), kept as SHA-256 over the user id and the code.</summary>
internal sealed class BackupCodeRow
{
    public Guid UserId { get; set; }

    public byte[] CodeHash { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? UsedAt { get; set; }
}

/// <summary>The account-security part of the schema, applied by <c>ChatalotDbContext.OnModelCreating</c>.</summary>
internal static class SecurityModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<UserSecurityRow>(e =>
        {
            e.ToTable("user_security");
            e.HasKey(x => x.UserId);
            e.Property(x => x.TotpSecret).HasMaxLength(1024);
            e.Property(x => x.PendingTotpSecret).HasMaxLength(1024);
        });
        modelBuilder.Entity<BackupCodeRow>(e =>
        {
            e.ToTable("backup_codes");
            e.HasKey(x => new { x.UserId, x.CodeHash });
        });
    }
}
