namespace Chatalot.Protocol.Communities;

/// <summary>Body of <c>PUT /api/v1/communities/{id}/bans/{user_id}</c>. Removes the member at once.</summary>
/// <param name="Reason">Why, at most 500 characters.</param>
public sealed record BanRequest(string? Reason = null)
{
    /// <summary>0-168: also soft-delete the user's messages in the community from the last this many hours (each announced as <c>message_deleted</c>).</summary>
    public int? DeleteMessageHours { get; init; }
}
