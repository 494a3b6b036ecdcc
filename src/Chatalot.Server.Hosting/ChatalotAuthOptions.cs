namespace Chatalot.Server.Hosting;

/// <summary>Password hashing, token and lockout settings, bound from <c>Chatalot:Auth</c>.</summary>
public sealed record ChatalotAuthOptions
{
    /// <summary>Argon2id memory cost in KiB. Default 19456 (19 MiB, the OWASP baseline for p=1).</summary>
    public int Argon2MemoryKib { get; init; } = 19_456;

    /// <summary>Argon2id passes. Default 2.</summary>
    public int Argon2Iterations { get; init; } = 2;

    /// <summary>Lifetime of access tokens. Default 15 minutes.</summary>
    public TimeSpan AccessTokenLifetime { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Lifetime of refresh tokens (each rotation starts a new one). Default 30 days.</summary>
    public TimeSpan RefreshTokenLifetime { get; init; } = TimeSpan.FromDays(30);

    /// <summary>Failed logins for one user name from one client address before a lockout. Default 10.</summary>
    public int LockoutThreshold { get; init; } = 10;

    /// <summary>Failed logins from one client address (any user names) before a lockout. Default 50.</summary>
    public int AddressLockoutThreshold { get; init; } = 50;

    /// <summary>How long a lockout lasts, and the window failures are counted in. Default 15 minutes.</summary>
    public TimeSpan LockoutDuration { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Base64 of a 32-byte HMAC key to sign access tokens with. When unset, a key is generated once and kept in
    /// <c>token-signing.key</c> under the data folder. Several nodes must share one key. Never logged.
    /// </summary>
    public string? TokenSigningKey { get; init; }

    /// <summary>
    /// Where the ASP.NET Core Data Protection keys that encrypt TOTP seeds at rest are kept. Default: the
    /// <c>data-protection-keys</c> folder under the data folder. Back it up with the database (without it, two-factor
    /// sign-in cannot be checked and users must recover); several nodes must share it.
    /// </summary>
    public string? DataProtectionKeysDirectory { get; init; }

    /// <summary>The issuer an authenticator app shows next to the account (the <c>otpauth://</c> URI's label and <c>issuer</c>). Default <c>Chatalot</c>.</summary>
    public string TotpIssuer { get; init; } = "Chatalot";

    /// <summary>Checks the settings.</summary>
    /// <exception cref="InvalidOperationException">A setting is invalid.</exception>
    public void Validate()
    {
        if (Argon2MemoryKib < 8 * 1024 || Argon2Iterations < 1)
        {
            throw new InvalidOperationException("Chatalot:Auth Argon2 parameters are too weak (memory >= 8192 KiB, iterations >= 1).");
        }

        if (AccessTokenLifetime <= TimeSpan.Zero || RefreshTokenLifetime <= AccessTokenLifetime)
        {
            throw new InvalidOperationException("Chatalot:Auth token lifetimes must be positive, refresh longer than access.");
        }

        if (LockoutThreshold < 1 || AddressLockoutThreshold < 1 || LockoutDuration <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("Chatalot:Auth lockout settings must be positive.");
        }

        if (string.IsNullOrWhiteSpace(TotpIssuer) || TotpIssuer.Length > 64 || TotpIssuer.Contains(':', StringComparison.Ordinal))
        {
            throw new InvalidOperationException("Chatalot:Auth:TotpIssuer must be 1-64 characters without ':'.");
        }
    }

    /// <summary>Redacts the signing key.</summary>
    /// <returns>A description without secrets.</returns>
    public override string ToString() =>
        $"ChatalotAuthOptions {{ Argon2MemoryKib = {Argon2MemoryKib}, Argon2Iterations = {Argon2Iterations}, AccessTokenLifetime = {AccessTokenLifetime} }}";
}
