namespace Chatalot.Protocol.Gateway;

/// <summary>The session cannot be resumed: re-sync over REST, then authenticate afresh.</summary>
/// <param name="Reason">A stable code (<c>resume_failed</c>).</param>
public sealed record InvalidSessionFrame(string Reason) : ServerFrame;
