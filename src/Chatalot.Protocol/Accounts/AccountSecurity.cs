namespace Chatalot.Protocol.Accounts;

/// <summary>Answer of <c>GET /api/v1/users/me/security</c>: the signed-in user's second-factor and recovery state.</summary>
/// <param name="TwoFactorEnabled">Whether sign-in needs a TOTP or backup code.</param>
/// <param name="BackupCodesRemaining">Unused backup codes left (0 when two-factor sign-in is off).</param>
/// <param name="HasRecoveryCode">Whether a recovery code exists (accounts made before recovery codes have none until one is made).</param>
public sealed record AccountSecurity(bool TwoFactorEnabled, int BackupCodesRemaining, bool HasRecoveryCode);
