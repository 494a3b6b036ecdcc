using Chatalot.Protocol.Accounts;

namespace Chatalot.Protocol.Admin;

/// <summary>Body of <c>PATCH /admin/settings</c>: an omitted member stays as it is.</summary>
/// <param name="RegistrationMode">Who may register.</param>
/// <param name="CommunityCreation">Who may create communities.</param>
/// <param name="MaxCommunitiesPerUser">Communities one user may own, 1-10000; <c>0</c> means unlimited.</param>
/// <param name="UserQuotaBytes">The default attachment quota per user in bytes (at most 1 PiB); <c>0</c> means unlimited.</param>
/// <param name="Banner">The announcement banner; one with empty <see cref="ServerBanner.Text"/> removes it.</param>
public sealed record UpdateServerSettingsRequest(
    RegistrationMode? RegistrationMode = null,
    CommunityCreationPolicy? CommunityCreation = null,
    int? MaxCommunitiesPerUser = null,
    long? UserQuotaBytes = null,
    ServerBanner? Banner = null);
