using System.Buffers.Binary;

namespace Chatalot.Client.Encryption.Internal;

/// <summary>
/// What this device handed out of its current sender-key chain in one channel (content.md §6.2): each distribution
/// point (iteration and distribution message), the users first included at that point, and the devices given it. It
/// answers key requests: a user is entitled from the first point it was included at. Kept sealed in the device store,
/// reset when the chain rotates, and bounded (older points fold into the next, which narrows entitlement, never widens it).
/// </summary>
internal sealed class SenderKeyLedger
{
    private const byte FormatVersion = 1;
    private const int MaxPoints = 32;

    public SenderKeyLedger(uint chainId) => ChainId = chainId;

    public uint ChainId { get; }

    public List<Point> Points { get; } = [];

    public bool HasDevice((UserId User, DeviceId Device) device) => Points.Any(p => p.Devices.Contains(device));

    public IEnumerable<(UserId User, DeviceId Device)> Devices => Points.SelectMany(p => p.Devices);

    /// <summary>The first point <paramref name="user"/> was included at, if any.</summary>
    public Point? EntitlementOf(UserId user) => Points.FirstOrDefault(p => p.Users.Contains(user));

    public Point AddPoint(uint iteration, byte[] distribution, IEnumerable<UserId> users)
    {
        var known = Points.SelectMany(p => p.Users).ToHashSet();
        var point = new Point(iteration, distribution, [.. users.Where(known.Add)], []);
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
        }

        writer.Flush();
        return buffer.ToArray();
    }

    /// <summary>Reads a ledger; null when the record is from another format (it is then rebuilt by rotating).</summary>
    public static SenderKeyLedger? Deserialize(byte[] data)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(data));
            if (reader.ReadByte() != FormatVersion)
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

                ledger.Points.Add(new Point(iteration, distribution, users, devices));
            }

            return ledger;
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

    internal sealed record Point(uint Iteration, byte[] Distribution, HashSet<UserId> Users, HashSet<(UserId User, DeviceId Device)> Devices);
}
