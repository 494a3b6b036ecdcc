using Chatalot.Protocol.Accounts;

namespace Chatalot.Protocol.Admin;

/// <summary>
/// The instance settings an administrator changes at runtime (<c>GET/PATCH /admin/settings</c>). They are kept in the
/// database; until one is changed it follows the server's configuration.
/// </summary>
/// <param name="RegistrationMode">Who may register.</param>
/// <param name="CommunityCreation">Who may create communities.</param>
/// <param name="MaxCommunitiesPerUser">How many communities one user may own; <see langword="null"/> means unlimited (administrators are not limited).</param>
/// <param name="UserQuotaBytes">The default attachment storage quota per user, in ciphertext bytes; <see langword="null"/> means unlimited.</param>
/// <param name="Banner">The announcement banner, or <see langword="null"/> when none is set (an expired one is still listed here).</param>
/// <param name="UpdatedAt">When an administrator last changed a setting; <see langword="null"/> when never.</param>
public sealed record ServerSettings(
    RegistrationMode RegistrationMode,
    CommunityCreationPolicy CommunityCreation,
    int? MaxCommunitiesPerUser,
    long? UserQuotaBytes,
    ServerBanner? Banner,
    DateTimeOffset? UpdatedAt);
