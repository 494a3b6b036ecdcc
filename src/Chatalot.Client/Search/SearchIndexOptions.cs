namespace Chatalot.Client.Search;

/// <summary>
/// The client's search index (<see cref="ChatalotClient.Search"/>): whether the client feeds it what it decrypts, and how
/// much it keeps. The index lives in memory only; nothing of it is written to disk.
/// </summary>
public sealed record SearchIndexOptions
{
    /// <summary>
    /// Whether the client indexes every message it decrypts (live, catch-up, edits; deletions remove). When false the
    /// index stays empty unless the application adds messages itself. Default true.
    /// </summary>
    public bool Enabled { get; init; } = true;

    /// <summary>
    /// Most messages kept; past it the oldest (by server time) is dropped. Default 50,000 (about 20 MiB for chat-sized
    /// messages, docs/benchmarks.md). At least 1.
    /// </summary>
    public int MaxMessages { get; init; } = 50_000;

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="MaxMessages"/> is below 1.</exception>
    public void Validate() => ArgumentOutOfRangeException.ThrowIfLessThan(MaxMessages, 1, nameof(MaxMessages));
}
