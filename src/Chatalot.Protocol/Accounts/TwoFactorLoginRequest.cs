namespace Chatalot.Protocol.Accounts;

/// <summary>
/// Body of <c>POST /api/v1/auth/login/2fa</c>: completes a sign-in that <c>POST /auth/login</c> answered with
/// <c>two_factor_required</c>. Exactly one of <paramref name="Code"/> and <paramref name="BackupCode"/> is given.
/// </summary>
/// <param name="Challenge">The opaque challenge from the <c>two_factor_required</c> problem (valid for 5 minutes).</param>
/// <param name="Code">A 6-digit code from the authenticator app; each 30-second code is accepted once.</param>
/// <param name="BackupCode">An unused backup code instead of <paramref name="Code"/>; it is spent.</param>
public sealed record TwoFactorLoginRequest(string Challenge, string? Code = null, string? BackupCode = null)
{
    /// <summary>Redacts the challenge and codes.</summary>
    /// <returns>A description without secrets.</returns>
    public override string ToString() => "TwoFactorLoginRequest { *** }";
}
