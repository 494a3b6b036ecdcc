namespace Chatalot.Protocol.Accounts;

/// <summary>
/// Body of <c>POST /api/v1/auth/recover</c>: sets a new password with the account's recovery code. Every session is
/// revoked; two-factor sign-in stays on (recovery replaces the password, not the second factor). Answers a new
/// <see cref="RecoveryCode"/>, since the one presented is spent.
/// </summary>
/// <param name="Username">The user name (case-insensitive).</param>
/// <param name="RecoveryCode">The recovery code (case, spaces and dashes ignored).</param>
/// <param name="NewPassword">The new password, 8-128 characters.</param>
public sealed record RecoverAccountRequest(string Username, string RecoveryCode, string NewPassword)
{
    /// <summary>Redacts the code and password.</summary>
    /// <returns>A description without secrets.</returns>
    public override string ToString() => $"RecoverAccountRequest {{ Username = {Username}, *** }}";
}
