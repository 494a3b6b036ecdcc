using System.Buffers.Binary;

namespace Chatalot.Fuzz.Targets;

/// <summary>
/// Composite inputs (stored state plus a message): every part but the last is prefixed by its u16 BE length, the last
/// takes the rest. Inputs that do not split are simply not interesting; they are no contract violation.
/// </summary>
internal static class Sections
{
    /// <summary>Splits <paramref name="data"/> into <paramref name="ranges"/>.Length parts.</summary>
    public static bool TrySplit(ReadOnlySpan<byte> data, Span<Range> ranges)
    {
        var position = 0;
        for (var i = 0; i < ranges.Length - 1; i++)
        {
            if (data.Length - position < 2)
            {
                return false;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(data[position..]);
            position += 2;
            if (data.Length - position < length)
            {
                return false;
            }

            ranges[i] = position..(position + length);
            position += length;
        }

        ranges[^1] = position..data.Length;
        return true;
    }

    /// <summary>Joins parts in the layout <see cref="TrySplit"/> reads.</summary>
    public static byte[] Join(params byte[][] parts)
    {
        using var output = new MemoryStream();
        Span<byte> length = stackalloc byte[2];
        for (var i = 0; i < parts.Length; i++)
        {
            if (i < parts.Length - 1)
            {
                BinaryPrimitives.WriteUInt16BigEndian(length, checked((ushort)parts[i].Length));
                output.Write(length);
            }

            output.Write(parts[i]);
        }

        return output.ToArray();
    }
}
