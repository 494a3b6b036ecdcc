namespace Chatalot.Protocol.Accounts;

/// <summary>Body of every invite-creating route (registration, community and group invites).</summary>
/// <param name="MaxUses">How many uses it allows (1-10000); <see langword="null"/> means unlimited.</param>
/// <param name="ExpiresInHours">Lifetime in hours (1-8760); <see langword="null"/> means never.</param>
public sealed record CreateInviteRequest(int? MaxUses = null, int? ExpiresInHours = null);
