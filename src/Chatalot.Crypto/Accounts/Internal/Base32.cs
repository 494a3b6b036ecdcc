namespace Chatalot.Crypto.Accounts.Internal;

/// <summary>
/// RFC 4648 base32 (alphabet A–Z, 2–7, no padding) for the recovery key's display form (crypto.md §15.5). An
/// encoding, not a primitive; only whole 5-byte groups are needed (35 bytes → 56 characters), so there are no pad bits.
/// </summary>
internal static class Base32
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /// <summary>Encodes bytes whose length is a multiple of 5.</summary>
    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        var chars = new char[bytes.Length / 5 * 8];
        var at = 0;
        for (var i = 0; i + 5 <= bytes.Length; i += 5)
        {
            ulong group = 0;
            for (var j = 0; j < 5; j++)
            {
                group = (group << 8) | bytes[i + j];
            }

            for (var shift = 35; shift >= 0; shift -= 5)
            {
                chars[at++] = Alphabet[(int)((group >> shift) & 31)];
            }
        }

        return new string(chars);
    }

    /// <summary>Decodes upper-case characters whose count is a multiple of 8; false when one is outside the alphabet.</summary>
    public static bool TryDecode(ReadOnlySpan<char> text, Span<byte> destination)
    {
        var at = 0;
        for (var i = 0; i + 8 <= text.Length; i += 8)
        {
            ulong group = 0;
            for (var j = 0; j < 8; j++)
            {
                var value = Value(text[i + j]);
                if (value < 0)
                {
                    return false;
                }

                group = (group << 5) | (uint)value;
            }

            for (var shift = 32; shift >= 0; shift -= 8)
            {
                destination[at++] = (byte)(group >> shift);
            }
        }

        return true;
    }

    private static int Value(char c) => c switch
    {
        >= 'A' and <= 'Z' => c - 'A',
        >= '2' and <= '7' => c - '2' + 26,
        _ => -1,
    };
}
