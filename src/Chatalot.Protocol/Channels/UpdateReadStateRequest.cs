namespace Chatalot.Protocol.Channels;

/// <summary>Body of <c>PUT /api/v1/channels/{id}/read-state</c>: the cursor only moves forward.</summary>
/// <param name="LastReadMessageId">The newest message read, a message of this channel.</param>
public sealed record UpdateReadStateRequest(Guid LastReadMessageId);
