namespace Chatalot.Protocol.Accounts;

/// <summary>A registration invite, created by an instance admin.</summary>
/// <param name="Id">The invite id.</param>
/// <param name="Code">The code to pass as <see cref="RegisterRequest.InviteCode"/>.</param>
/// <param name="MaxUses">How many registrations it allows; <see langword="null"/> means unlimited.</param>
/// <param name="Uses">How many times it was used.</param>
/// <param name="ExpiresAt">When it expires; <see langword="null"/> means never.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="CreatedBy">The administrator who created it.</param>
/// <param name="RevokedAt">When an administrator revoked it, or <see langword="null"/>.</param>
/// <param name="State">Whether it still admits registrations.</param>
public sealed record RegistrationInvite(
    Guid Id,
    string Code,
    int? MaxUses,
    int Uses,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset CreatedAt,
    Guid CreatedBy,
    DateTimeOffset? RevokedAt = null,
    Admin.RegistrationInviteState State = Admin.RegistrationInviteState.Active);
