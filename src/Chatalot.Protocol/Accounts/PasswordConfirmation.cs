namespace Chatalot.Protocol.Accounts;

/// <summary>
/// Body of <c>POST /api/v1/users/me/recovery-code</c> and <c>DELETE /api/v1/users/me</c>: the current password, and
/// for deletion with two-factor sign-in on, a code.
/// </summary>
/// <param name="Password">The current password.</param>
/// <param name="Code">With two-factor sign-in on, for account deletion: an authenticator or backup code.</param>
public sealed record PasswordConfirmation(string Password, string? Code = null)
{
    /// <summary>Redacts the password and code.</summary>
    /// <returns>A description without secrets.</returns>
    public override string ToString() => "PasswordConfirmation { *** }";
}
