using System.Buffers.Binary;
using System.Security.Cryptography;
using Chatalot.Crypto.Primitives.Internal;

namespace Chatalot.Crypto.Tests.Support;

/// <summary>
/// Deterministic byte stream for the checked-in vectors: block i = SHA-256(label ‖ u64 BE i), concatenated.
/// Documented in docs/protocol/crypto.md §10 so other implementations can reproduce the vectors.
/// </summary>
internal sealed class DeterministicRandom(string label) : IRandomSource
{
    private readonly byte[] _label = System.Text.Encoding.UTF8.GetBytes(label);
    private readonly byte[] _block = new byte[32];
    private ulong _counter;
    private int _available;

    public void Fill(Span<byte> destination)
    {
        while (!destination.IsEmpty)
        {
            if (_available == 0)
            {
                var input = new byte[_label.Length + 8];
                _label.CopyTo(input, 0);
                BinaryPrimitives.WriteUInt64BigEndian(input.AsSpan(_label.Length), _counter++);
                SHA256.HashData(input, _block);
                _available = 32;
            }

            var take = Math.Min(_available, destination.Length);
            _block.AsSpan(32 - _available, take).CopyTo(destination);
            _available -= take;
            destination = destination[take..];
        }
    }
}
