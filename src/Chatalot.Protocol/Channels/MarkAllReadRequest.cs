namespace Chatalot.Protocol.Channels;

/// <summary>Body of <c>POST /api/v1/users/me/read-states/mark-all</c> (optional).</summary>
/// <param name="CommunityId">Only the channels of this community; <see langword="null"/> = every readable channel, DMs included.</param>
public sealed record MarkAllReadRequest(Guid? CommunityId = null);
