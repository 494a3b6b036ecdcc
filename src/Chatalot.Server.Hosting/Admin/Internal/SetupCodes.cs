using System.Security.Cryptography;
using System.Text;

namespace Chatalot.Server.Hosting.Admin.Internal;

/// <summary>
/// The first-run setup code (docs/articles/admin.md): 12 characters from a 31-letter alphabet without look-alikes
/// (59 bits), shown as <c>XXXX-XXXX-XXXX</c>. Only its SHA-256 is stored; a high-entropy code that is void after one use
/// and guarded by the auth rate limit needs no slow hash.
/// </summary>
internal static class SetupCodes
{
    private const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    public static string Generate()
    {
        Span<char> chars = stackalloc char[14];
        var index = 0;
        for (var i = 0; i < 12; i++)
        {
            if (i is 4 or 8)
            {
                chars[index++] = '-';
            }

            chars[index++] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return new string(chars);
    }

    public static bool IsWellFormed(string code) =>
        code.Length <= 64 && code.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') && Normalize(code).Length >= 12;

    /// <summary>Case and hyphens do not matter, so a code read aloud or retyped still matches.</summary>
    public static string Normalize(string code) => code.Replace("-", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();

    public static byte[] Hash(string code) => SHA256.HashData(Encoding.UTF8.GetBytes(Normalize(code)));

    public static bool Matches(string? presented, byte[]? hash) =>
        hash is not null && !string.IsNullOrWhiteSpace(presented) && presented.Length <= 64 &&
        CryptographicOperations.FixedTimeEquals(Hash(presented), hash);
}
