namespace Chatalot.Protocol.Accounts;

/// <summary>
/// Body of <c>POST /api/v1/users/me/2fa/setup</c>: starts (or restarts) turning on TOTP two-factor sign-in. Needs the
/// current password; nothing changes until <c>POST /users/me/2fa/enable</c> confirms a code from the new secret.
/// </summary>
/// <param name="Password">The current password.</param>
public sealed record TwoFactorSetupRequest(string Password)
{
    /// <summary>Redacts the password.</summary>
    /// <returns>A description without secrets.</returns>
    public override string ToString() => "TwoFactorSetupRequest { *** }";
}
