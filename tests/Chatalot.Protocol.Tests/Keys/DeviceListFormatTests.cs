using System.Buffers.Binary;
using System.Text;
using Chatalot.Protocol.Keys;
using CsCheck;

namespace Chatalot.Protocol.Tests.Keys;

public class DeviceListFormatTests
{
    private const string UserId = "0193a5c0-0000-7000-8000-0000000a11ce";
    private static readonly DateTimeOffset Created = DateTimeOffset.FromUnixTimeMilliseconds(1_767_225_600_123);
    private static readonly byte[] AccountKey = Key(0xA0);

    private static byte[] Key(byte seed) => Enumerable.Range(0, 32).Select(i => (byte)(seed + i)).ToArray();

    private static DeviceListDocument Document(params (int Id, byte[] Key)[] devices) =>
        new(UserId, AccountKey, 7, Created, devices.Select(d => new DeviceListEntry(d.Id, d.Key)).ToList());

    /// <summary>Raw bytes in the §15.2 layout, with no checks, so every rule can be broken on purpose.</summary>
    private static byte[] Raw(string label = DeviceListFormat.Label, byte[]? userId = null, byte[]? accountKey = null, ulong version = 7, long createdMs = 1_767_225_600_123,
        int? count = null, params (uint Id, byte[] Key)[] entries)
    {
        userId ??= Encoding.UTF8.GetBytes(UserId);
        accountKey ??= AccountKey;
        var bytes = new List<byte>();
        bytes.AddRange(Encoding.ASCII.GetBytes(label));
        bytes.Add((byte)userId.Length);
        bytes.AddRange(userId);
        bytes.AddRange(accountKey);
        var numbers = new byte[18];
        BinaryPrimitives.WriteUInt64BigEndian(numbers, version);
        BinaryPrimitives.WriteInt64BigEndian(numbers.AsSpan(8), createdMs);
        BinaryPrimitives.WriteUInt16BigEndian(numbers.AsSpan(16), (ushort)(count ?? entries.Length));
        bytes.AddRange(numbers);
        foreach (var (id, key) in entries)
        {
            var idBytes = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(idBytes, id);
            bytes.AddRange(idBytes);
            bytes.AddRange(key);
        }

        return [.. bytes];
    }

    [Fact]
    public void EncodeParse_RoundTrips_AndSortsEntries()
    {
        var document = Document((9, Key(1)), (2, Key(40)), (int.MaxValue, Key(80)));
        var encoded = DeviceListFormat.Encode(document);
        Assert.Equal(Raw(entries: [(2, Key(40)), (9, Key(1)), (int.MaxValue, Key(80))]), encoded);
        Assert.StartsWith("Chatalot_DeviceList_v1", Encoding.ASCII.GetString(encoded), StringComparison.Ordinal);

        Assert.True(DeviceListFormat.TryParse(encoded, out var parsed));
        Assert.Equal(UserId, parsed.UserId);
        Assert.Equal(AccountKey, parsed.AccountKey);
        Assert.Equal(7UL, parsed.Version);
        Assert.Equal(Created, parsed.CreatedAt);
        Assert.Equal([2, 9, int.MaxValue], parsed.Devices.Select(d => d.DeviceId));
        Assert.Equal(Key(1), parsed.Find(9)!.IdentityKey);
        Assert.Null(parsed.Find(3));
        Assert.Equal(encoded, DeviceListFormat.Encode(parsed));
    }

    [Fact]
    public void EmptyList_AndHundredDevices_AreAccepted()
    {
        Assert.True(DeviceListFormat.TryParse(DeviceListFormat.Encode(Document()), out var empty));
        Assert.Empty(empty.Devices);

        var hundred = Enumerable.Range(1, 100).Select(i => (i, Enumerable.Repeat((byte)i, 32).ToArray())).ToArray();
        Assert.True(DeviceListFormat.TryParse(DeviceListFormat.Encode(Document(hundred)), out var full));
        Assert.Equal(100, full.Devices.Count);
    }

    [Fact]
    public void Encode_RejectsEveryBrokenRule()
    {
        void Refused(DeviceListDocument document) => Assert.Throws<ArgumentException>(() => DeviceListFormat.Encode(document));

        Refused(Document() with { UserId = "" });
        Refused(Document() with { UserId = new string('x', 256) });
        Refused(Document() with { UserId = new string('é', 128) }); // 256 bytes of UTF-8
        Refused(Document() with { UserId = "\uD800" }); // not encodable as UTF-8
        Refused(Document() with { AccountKey = new byte[31] });
        Refused(Document() with { Version = 0 });
        Refused(Document((1, Key(1)), (1, Key(2))));
        Refused(Document((0, Key(1))));
        Refused(Document((-5, Key(1))));
        Refused(Document((1, Key(1)), (2, Key(1))));
        Refused(Document((1, AccountKey)));
        Refused(Document((1, new byte[33])));
        Refused(Document([.. Enumerable.Range(1, 101).Select(i => (i, Enumerable.Repeat((byte)i, 32).ToArray()))]));
        Assert.Throws<ArgumentNullException>(() => DeviceListFormat.Encode(null!));

        Assert.Equal(255, DeviceListFormat.Encode(Document() with { UserId = new string('x', 255) })[22]);
    }

    [Fact]
    public void TryParse_RejectsEveryBrokenRule()
    {
        void Refused(byte[] bytes, string rule) => Assert.False(DeviceListFormat.TryParse(bytes, out _), rule);

        Assert.True(DeviceListFormat.TryParse(Raw(entries: [(1, Key(1)), (2, Key(2))]), out _));
        Refused(Raw(label: "Chatalot_DeviceList_v2"), "label");
        Refused(Raw(label: "chatalot_DeviceList_v1"), "label case");
        Refused([], "empty");
        Refused(Encoding.ASCII.GetBytes(DeviceListFormat.Label), "label only");
        Refused(Raw(userId: []), "empty user id");
        Refused(Raw(userId: [0x41, 0xC3]), "invalid UTF-8 (truncated sequence)");
        Refused(Raw(userId: [0xED, 0xA0, 0x80]), "invalid UTF-8 (surrogate)");
        Refused(Raw(userId: [0xC0, 0xAF]), "invalid UTF-8 (overlong)");
        Refused(Raw(version: 0), "zero version");
        Refused(Raw(entries: [(2, Key(1)), (1, Key(2))]), "unsorted ids");
        Refused(Raw(entries: [(1, Key(1)), (1, Key(2))]), "duplicate ids");
        Refused(Raw(entries: [(0, Key(1))]), "id 0");
        Refused(Raw(entries: [(0x8000_0000, Key(1))]), "id above int.MaxValue");
        Refused(Raw(entries: [(uint.MaxValue, Key(1))]), "id 2^32 - 1");
        Refused(Raw(entries: [(1, Key(1)), (2, Key(1))]), "duplicate keys");
        Refused(Raw(entries: [(1, AccountKey)]), "device key equal to the account key");
        Refused([.. Raw(entries: [(1, Key(1))]), 0], "trailing byte");
        Refused(Raw(entries: [(1, Key(1))])[..^1], "truncated entry");
        Refused(Raw(count: 2, entries: [(1, Key(1))]), "count above the entries");
        Refused(Raw(count: 0, entries: [(1, Key(1))]), "count below the entries");
        Refused(Raw(createdMs: long.MaxValue), "time out of range");
        Refused(Raw(createdMs: long.MinValue), "time out of range (negative)");
        Refused(Raw(entries: [.. Enumerable.Range(1, 101).Select(i => ((uint)i, Enumerable.Repeat((byte)i, 32).ToArray()))]), "101 devices");
        Refused(Raw(count: 101), "count 101 with no entries");

        // Truncation anywhere.
        var good = Raw(entries: [(1, Key(1)), (2, Key(2))]);
        for (var length = 0; length < good.Length; length++)
        {
            Refused(good[..length], $"truncated to {length}");
        }
    }

    [Fact]
    public void Property_RandomDocumentsRoundTrip_AndRandomBytesNeverThrow()
    {
        Gen.Select(Gen.Int[1, int.MaxValue].HashSet[0, 12], Gen.ULong[1, ulong.MaxValue], Gen.Long[-62_135_596_800_000, 253_402_300_799_999], Gen.String[1, 60])
            .Sample((ids, version, createdMs, userId) =>
            {
                if (userId.Any(char.IsSurrogate) || Encoding.UTF8.GetByteCount(userId) > 255)
                {
                    return;
                }

                var document = new DeviceListDocument(userId, AccountKey, version, DateTimeOffset.FromUnixTimeMilliseconds(createdMs),
                    ids.Select(id => new DeviceListEntry(id, BitConverter.GetBytes(id).Concat(new byte[28]).ToArray())).ToList());
                var encoded = DeviceListFormat.Encode(document);
                Assert.True(DeviceListFormat.TryParse(encoded, out var parsed));
                Assert.Equal(userId, parsed.UserId);
                Assert.Equal(version, parsed.Version);
                Assert.Equal(createdMs, parsed.CreatedAt.ToUnixTimeMilliseconds());
                Assert.Equal(ids.Order(), parsed.Devices.Select(d => d.DeviceId));
                Assert.Equal(encoded, DeviceListFormat.Encode(parsed));
            }, iter: 300, threads: 1);

        Gen.Byte.Array[0, 600].Sample(bytes => { _ = DeviceListFormat.TryParse(bytes, out _); }, iter: 2000, threads: 1);

        // Mutations of a valid list: any result, never an exception.
        var valid = Raw(entries: [(1, Key(1)), (2, Key(2)), (3, Key(3))]);
        Gen.Select(Gen.Int[0, 10_000], Gen.Byte[1, 255], Gen.Int[0, 2]).Sample((position, mask, mode) =>
        {
            var at = position % valid.Length;
            var mutated = mode switch
            {
                0 => valid[..at],
                1 => [.. valid[..at], (byte)(valid[at] ^ mask), .. valid[(at + 1)..]],
                _ => [.. valid[..at], mask, .. valid[at..]],
            };
            _ = DeviceListFormat.TryParse(mutated, out _);
        }, iter: 2000, threads: 1);
    }
}
