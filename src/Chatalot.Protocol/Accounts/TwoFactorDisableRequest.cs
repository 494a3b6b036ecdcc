namespace Chatalot.Protocol.Accounts;

/// <summary>Body of <c>POST /api/v1/users/me/2fa/disable</c>: turns two-factor sign-in off and drops the backup codes.</summary>
/// <param name="Password">The current password.</param>
/// <param name="Code">A code from the authenticator app, or an unused backup code.</param>
public sealed record TwoFactorDisableRequest(string Password, string Code)
{
    /// <summary>Redacts the password and code.</summary>
    /// <returns>A description without secrets.</returns>
    public override string ToString() => "TwoFactorDisableRequest { *** }";
}
