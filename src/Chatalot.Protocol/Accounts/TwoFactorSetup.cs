namespace Chatalot.Protocol.Accounts;

/// <summary>
/// Answer of <c>POST /api/v1/users/me/2fa/setup</c>: a fresh TOTP secret (RFC 6238: SHA-1, 6 digits, 30-second steps)
/// for an authenticator app, pending until <c>POST /users/me/2fa/enable</c> confirms a code from it.
/// </summary>
/// <param name="Secret">The shared secret in base32 (RFC 4648, no padding), for manual entry.</param>
/// <param name="OtpauthUri">The <c>otpauth://totp/…</c> URI for a QR code (Key Uri Format), carrying the same secret.</param>
public sealed record TwoFactorSetup(string Secret, string OtpauthUri)
{
    /// <summary>Redacts the secret so it can never reach a log.</summary>
    /// <returns>A description without secrets.</returns>
    public override string ToString() => "TwoFactorSetup { *** }";
}
