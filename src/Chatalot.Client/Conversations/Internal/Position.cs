namespace Chatalot.Client.Conversations.Internal;

/// <summary>
/// Where a message stands in its channel: the server's time, then its id (UUIDv7, monotonic on the server, rest.md).
/// Every client of a channel sees the same order, whatever order catch-up and live delivery handed messages over in,
/// so aggregates computed "latest wins" by position agree across clients.
/// </summary>
internal readonly record struct Position(DateTimeOffset At, Guid Id) : IComparable<Position>
{
    public int CompareTo(Position other)
    {
        var byTime = At.ToUnixTimeMilliseconds().CompareTo(other.At.ToUnixTimeMilliseconds());
        return byTime != 0 ? byTime : Id.CompareTo(other.Id);
    }

    public static bool operator <(Position left, Position right) => left.CompareTo(right) < 0;

    public static bool operator >(Position left, Position right) => left.CompareTo(right) > 0;

    public static bool operator <=(Position left, Position right) => left.CompareTo(right) <= 0;

    public static bool operator >=(Position left, Position right) => left.CompareTo(right) >= 0;
}
