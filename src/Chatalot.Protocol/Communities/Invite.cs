namespace Chatalot.Protocol.Communities;

/// <summary>A community invite, or a group invite when <see cref="GroupId"/> is set.</summary>
/// <param name="Id">The invite id.</param>
/// <param name="Code">The 12-character code.</param>
/// <param name="CommunityId">The community it admits to.</param>
/// <param name="GroupId">The group it admits to, for group invites.</param>
/// <param name="MaxUses">How many uses it allows; <see langword="null"/> means unlimited.</param>
/// <param name="Uses">How many times it was used.</param>
/// <param name="ExpiresAt">When it expires; <see langword="null"/> means never.</param>
/// <param name="CreatedBy">Who created it.</param>
/// <param name="CreatedAt">When.</param>
public sealed record Invite(
    Guid Id,
    string Code,
    Guid CommunityId,
    Guid? GroupId,
    int? MaxUses,
    int Uses,
    DateTimeOffset? ExpiresAt,
    Guid CreatedBy,
    DateTimeOffset CreatedAt);
