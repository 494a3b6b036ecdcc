using System.Text.Json.Serialization;

namespace Chatalot.Protocol.Gateway;

/// <summary>
/// A server frame that reports something that happened. <see cref="Seq"/> counts 1, 2, 3... within a gateway session,
/// so a gap means a lost event; a client resumes by sending the last value it processed. The server serialises an event
/// once without <c>seq</c> and prefixes each recipient's sequence number, so <c>seq</c> comes first on the wire.
/// </summary>
public abstract record ServerEvent : ServerFrame
{
    /// <summary>The event's sequence number within the session.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long Seq { get; init; }
}
