namespace Chatalot.Protocol.Accounts;

/// <summary>
/// An account's recovery code, shown once (the server keeps only its hash): it resets a forgotten password through
/// <c>POST /auth/recover</c>. Issued at registration (<see cref="AuthResponse.RecoveryCode"/>), by
/// <c>POST /users/me/recovery-code</c>, and afresh by every recovery (a code works once).
/// </summary>
/// <param name="Code">The code, 24 base32 characters in groups of four.</param>
public sealed record RecoveryCode(string Code)
{
    /// <summary>Redacts the code.</summary>
    /// <returns>A description without secrets.</returns>
    public override string ToString() => "RecoveryCode { *** }";
}
