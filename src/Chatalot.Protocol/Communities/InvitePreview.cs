namespace Chatalot.Protocol.Communities;

/// <summary>What an invite code leads to, from <c>GET /api/v1/invites/{code}</c>. Names are hidden unless discoverable.</summary>
/// <param name="Code">The code.</param>
/// <param name="CommunityId">The community.</param>
/// <param name="CommunityName">Its name, when discoverable.</param>
/// <param name="GroupId">The group, for group invites.</param>
/// <param name="GroupName">The group name, when discoverable.</param>
/// <param name="MemberCount">The community's member count, when discoverable.</param>
public sealed record InvitePreview(
    string Code,
    Guid CommunityId,
    string? CommunityName,
    Guid? GroupId,
    string? GroupName,
    int? MemberCount);
