namespace Chatalot.Protocol.Accounts;

/// <summary>
/// Body of <c>POST /api/v1/users/me/2fa/enable</c> (a code from the pending secret) and
/// <c>POST /api/v1/users/me/2fa/backup-codes</c> (a code from the enabled secret, or an unused backup code).
/// </summary>
/// <param name="Code">A 6-digit code from the authenticator app (or, where accepted, a backup code).</param>
public sealed record TwoFactorCodeRequest(string Code)
{
    /// <summary>Redacts the code.</summary>
    /// <returns>A description without secrets.</returns>
    public override string ToString() => "TwoFactorCodeRequest { *** }";
}
