using System.Buffers.Binary;

namespace Chatalot.Client.Encryption.Internal;

/// <summary>
/// What this device handed out of its current sender-key chain in one channel (content.md §6.2): each distribution
/// point (iteration and distribution message), the users first included at that point, and the devices given it. It
/// answers key requests: a user is entitled from the first point it was included at. Kept sealed in the device store,
/// reset when the chain rotates, and bounded (older points fold into the next, which narrows entitlement, never widens it).
/// Each point also records when it was created and the channel's <c>history_days</c> at that moment: a point is
/// shareable with a later member only if it was created while the option was on (content.md §6.2; MSC4268's lesson).
/// </summary>
internal sealed class SenderKeyLedger
{
    private const byte FormatVersion = 2;
    private const byte FormatVersionWithoutTimes = 1;

    /// <summary>Room for a year of daily checkpoints plus joins; past it the oldest points fold (narrowing history).</summary>
    internal const int MaxPoints = 400;

    /// <summary>
    /// A receiver skips at most this many keys in one step (crypto.md §7.1), so a shared point further than this behind
    /// the iteration it will decrypt first would leave it unable to read anything: such points are not handed out.
    /// </summary>
    internal const uint MaxHistoryGap = 2000;

    /// <summary>How often a writing sender adds a checkpoint, so a point exists near every day boundary of the window.</summary>
    internal static readonly TimeSpan CheckpointInterval = TimeSpan.FromDays(1);

    public SenderKeyLedger(uint chainId) => ChainId = chainId;

    public uint ChainId { get; }

    public List<Point> Points { get; } = [];

    public bool HasDevice((UserId User, DeviceId Device) device) => Points.Any(p => p.Devices.Contains(device));

    public IEnumerable<(UserId User, DeviceId Device)> Devices => Points.SelectMany(p => p.Devices);

    /// <summary>The first point <paramref name="user"/> was included at, if any.</summary>
    public Point? EntitlementOf(UserId user) => Points.FirstOrDefault(p => p.Users.Contains(user));

    /// <summary>
    /// Whether a write now needs a checkpoint point first: the channel's option changed since the last point (so the
    /// messages that follow are marked with the value they were sent under), or the option is on and the last point
    /// is a day old.
    /// </summary>
    public bool NeedsCheckpoint(DateTimeOffset now, int historyDays) =>
        Points.Count > 0 && (Points[^1].HistoryDays != historyDays || (historyDays > 0 && now - Points[^1].CreatedAt >= CheckpointInterval));

    /// <summary>
    /// The point a viewer not entitled by inclusion may be given under the channel's shared history (content.md §6.2):
    /// the earliest point at or before <paramref name="iteration"/> (and at most <see cref="MaxHistoryGap"/> behind it)
    /// such that it and every later point up to <paramref name="user"/>'s own entitlement (or the end of the ledger)
    /// was created while the option was on and lies within the days allowed, the smaller of the channel's
    /// <paramref name="historyDays"/> now and the value recorded at that point. Null when none qualifies: messages
    /// sent while the option was off are never exposed by turning it on, nor older ones by raising it.
    /// </summary>
    public Point? SharedHistoryFor(UserId user, uint iteration, DateTimeOffset now, int historyDays)
    {
        if (historyDays <= 0)
        {
            return null;
        }

        var end = EntitlementOf(user) is { } entitled ? Points.IndexOf(entitled) : Points.Count;
        Point? shared = null;
        for (var i = end - 1; i >= 0; i--)
        {
            var point = Points[i];
            var days = Math.Min(historyDays, point.HistoryDays);
            if (days <= 0 || point.CreatedAt < now - TimeSpan.FromDays(days))
            {
                break;
            }

            if (point.Iteration <= iteration && iteration - point.Iteration <= MaxHistoryGap)
            {
                shared = point;
            }
        }

        return shared;
    }

    /// <summary>Adds a distribution point: <paramref name="historyDays"/> is the channel's option when it was created.</summary>
    public Point AddPoint(uint iteration, byte[] distribution, IEnumerable<UserId> users, DateTimeOffset createdAt = default, int historyDays = 0)
    {
        var known = Points.SelectMany(p => p.Users).ToHashSet();
        var point = new Point(iteration, distribution, [.. users.Where(known.Add)], [], createdAt, historyDays);
        Points.Add(point);
        if (Points.Count > MaxPoints)
        {
            var oldest = Points[0];
            Points.RemoveAt(0);
            Points[0].Users.UnionWith(oldest.Users);
            Points[0].Devices.UnionWith(oldest.Devices);
        }

        return point;
    }

    public byte[] Serialize()
    {
        using var buffer = new MemoryStream();
        using var writer = new BinaryWriter(buffer);
        writer.Write(FormatVersion);
        writer.Write(ChainId);
        writer.Write(Points.Count);
        foreach (var point in Points)
        {
            writer.Write(point.Iteration);
            writer.Write(point.Distribution.Length);
            writer.Write(point.Distribution);
            writer.Write(point.Users.Count);
            foreach (var user in point.Users)
            {
                writer.Write(user.Value.ToByteArray());
            }

            writer.Write(point.Devices.Count);
            foreach (var (user, device) in point.Devices)
            {
                writer.Write(user.Value.ToByteArray());
                writer.Write(device.Value);
            }

            writer.Write(point.CreatedAt.ToUnixTimeMilliseconds());
            writer.Write(point.HistoryDays);
        }

        writer.Flush();
        return buffer.ToArray();
    }

    /// <summary>
    /// Reads a ledger; null when the record is from an unknown format (it is then rebuilt by rotating). A format-1
    /// record (before points carried their time) reads with every point unshareable: history it never marked stays closed.
    /// </summary>
    public static SenderKeyLedger? Deserialize(byte[] data)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(data));
            var version = reader.ReadByte();
            if (version is not (FormatVersion or FormatVersionWithoutTimes))
            {
                return null;
            }

            var ledger = new SenderKeyLedger(reader.ReadUInt32());
            var points = reader.ReadInt32();
            for (var i = 0; i < points; i++)
            {
                var iteration = reader.ReadUInt32();
                var distribution = ReadExactly(reader, reader.ReadInt32());
                var users = new HashSet<UserId>();
                for (var n = reader.ReadInt32(); n > 0; n--)
                {
                    users.Add(new UserId(new Guid(ReadExactly(reader, 16))));
                }

                var devices = new HashSet<(UserId, DeviceId)>();
                for (var n = reader.ReadInt32(); n > 0; n--)
                {
                    devices.Add((new UserId(new Guid(ReadExactly(reader, 16))), new DeviceId(reader.ReadInt32())));
                }

                var (createdAt, historyDays) = version == FormatVersion
                    ? (DateTimeOffset.FromUnixTimeMilliseconds(reader.ReadInt64()), reader.ReadInt32())
                    : (DateTimeOffset.UnixEpoch, 0);
                ledger.Points.Add(new Point(iteration, distribution, users, devices, createdAt, historyDays));
            }

            return reader.BaseStream.Position == reader.BaseStream.Length ? ledger : null;
        }
        catch (Exception ex) when (ex is EndOfStreamException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>BinaryReader.ReadBytes returns what is left at the end of the data: a cut record must not parse as a shorter one.</summary>
    private static byte[] ReadExactly(BinaryReader reader, int count)
    {
        var bytes = reader.ReadBytes(count);
        return bytes.Length == count ? bytes : throw new EndOfStreamException();
    }

    /// <summary>Reads the iteration of a sender-key message (crypto.md §7.1: chain id at offset 2, iteration at 6).</summary>
    public static (uint ChainId, uint Iteration)? ReadHeader(ReadOnlySpan<byte> senderKeyMessage) =>
        senderKeyMessage.Length >= 10
            ? (BinaryPrimitives.ReadUInt32BigEndian(senderKeyMessage[2..]), BinaryPrimitives.ReadUInt32BigEndian(senderKeyMessage[6..]))
            : null;

    /// <summary>A distribution point; <paramref name="HistoryDays"/> is the channel's option when it was created (0 = not shareable).</summary>
    internal sealed record Point(
        uint Iteration,
        byte[] Distribution,
        HashSet<UserId> Users,
        HashSet<(UserId User, DeviceId Device)> Devices,
        DateTimeOffset CreatedAt = default,
        int HistoryDays = 0);
}
