using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Chatalot.Server.Hosting.Common.Internal;

/// <summary>
/// UUIDv7 ids that strictly increase within this process, as "ids sort by creation time" promises. <c>Guid.CreateVersion7</c>
/// fills the 74 bits after the millisecond timestamp at random, so two ids of one millisecond come out in random
/// order. Here those bits are a counter (RFC 9562 §6.2, method 2, "monotonic random"): a new millisecond starts it at a
/// random value with its top bit clear, and each further id of the same millisecond adds one. A clock that steps back
/// keeps the last timestamp; a counter that runs out moves to the next millisecond.
/// </summary>
internal sealed class MonotonicUuidV7(TimeProvider time)
{
    private const ulong RandBMask = (1UL << 62) - 1;
    private const ulong RandAMask = (1UL << 12) - 1;

    private readonly Lock _lock = new();
    private long _millis = -1;
    private ulong _randA; // 12 bits
    private ulong _randB; // 62 bits

    public Guid Next()
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        long millis;
        ulong randA, randB;
        lock (_lock)
        {
            if (now > _millis)
            {
                Reseed(now);
            }
            else if (++_randB > RandBMask)
            {
                _randB = 0;
                if (++_randA > RandAMask)
                {
                    Reseed(_millis + 1);
                }
            }

            (millis, randA, randB) = (_millis, _randA, _randB);
        }

        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, ((ulong)millis << 16) | 0x7000 | randA); // 48-bit time, version 7, rand_a
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], 0x8000_0000_0000_0000UL | randB); // variant 10, rand_b
        return new Guid(bytes, bigEndian: true);
    }

    private void Reseed(long millis)
    {
        Span<byte> random = stackalloc byte[16];
        RandomNumberGenerator.Fill(random);
        _millis = millis;
        _randA = BinaryPrimitives.ReadUInt64BigEndian(random) & (RandAMask >> 1); // top bit clear: room to count up
        _randB = BinaryPrimitives.ReadUInt64BigEndian(random[8..]) & RandBMask;
    }
}
