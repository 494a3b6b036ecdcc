namespace Chatalot.Protocol.Gateway;

/// <summary>Resume succeeded; the missed events follow in order.</summary>
/// <param name="SessionId">The resumed session.</param>
/// <param name="ReplayedCount">How many events are replayed.</param>
public sealed record ResumedFrame(Guid SessionId, int ReplayedCount) : ServerFrame;
