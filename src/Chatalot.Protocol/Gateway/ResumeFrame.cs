namespace Chatalot.Protocol.Gateway;

/// <summary>First frame of a reconnect: resumes a dropped session and replays the events after <paramref name="LastSeq"/>.</summary>
/// <param name="Token">A current access token of the same user.</param>
/// <param name="SessionId">The gateway session id from <c>ready</c>.</param>
/// <param name="LastSeq">The last event sequence number the client processed.</param>
public sealed record ResumeFrame(string Token, Guid SessionId, long LastSeq) : ClientFrame
{
    /// <summary>Redacts the token.</summary>
    /// <returns>A description without secrets.</returns>
    public override string ToString() => $"ResumeFrame {{ SessionId = {SessionId}, LastSeq = {LastSeq} }}";
}
