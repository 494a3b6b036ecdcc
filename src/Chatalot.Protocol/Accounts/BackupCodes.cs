namespace Chatalot.Protocol.Accounts;

/// <summary>
/// Single-use backup codes for two-factor sign-in, shown once: the server keeps only their hashes. Returned by
/// <c>POST /users/me/2fa/enable</c> and <c>POST /users/me/2fa/backup-codes</c> (which replaces every earlier code).
/// </summary>
/// <param name="Codes">The codes (<see cref="ChatalotLimits.BackupCodeCount"/> of them), formatted <c>xxxx-xxxx-xxxx</c>.</param>
public sealed record BackupCodes(IReadOnlyList<string> Codes)
{
    /// <summary>Redacts the codes.</summary>
    /// <returns>A description without secrets.</returns>
    public override string ToString() => $"BackupCodes {{ Count = {Codes.Count} }}";
}
