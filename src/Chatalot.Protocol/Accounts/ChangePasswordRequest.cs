namespace Chatalot.Protocol.Accounts;

/// <summary>Body of <c>POST /api/v1/users/me/password</c>. Revokes every other session and closes their gateway connections.</summary>
/// <param name="CurrentPassword">The current password.</param>
/// <param name="NewPassword">The new password, 8-128 characters.</param>
public sealed record ChangePasswordRequest(string CurrentPassword, string NewPassword)
{
    /// <summary>Redacts both passwords.</summary>
    /// <returns>A description without secrets.</returns>
    public override string ToString() => "ChangePasswordRequest { *** }";
}
