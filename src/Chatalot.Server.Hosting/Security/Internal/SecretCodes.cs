using System.Security.Cryptography;
using System.Text;

namespace Chatalot.Server.Hosting.Security.Internal;

/// <summary>
/// Backup and recovery codes: random characters of Crockford's base32 alphabet (no I, L, O, U), grouped by four for
/// reading aloud. Typing is forgiving: case, spaces and dashes are ignored and I/L read as 1, O as 0.
/// </summary>
internal static class SecretCodes
{
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

    /// <summary>A backup code: 12 characters (60 bits), <c>xxxx-xxxx-xxxx</c>.</summary>
    public static string NewBackupCode() => Group(RandomNumberGenerator.GetString(Alphabet, 12));

    /// <summary>A recovery code: 24 characters (120 bits), upper case, in six groups of four.</summary>
    public static string NewRecoveryCode() => Group(RandomNumberGenerator.GetString(Alphabet, 24)).ToUpperInvariant();

    /// <summary>The canonical form of a typed code, or <see langword="null"/> when it cannot be one.</summary>
    public static string? Normalize(string? typed, int length)
    {
        if (typed is null || typed.Length > 4 * length)
        {
            return null;
        }

        var sb = new StringBuilder(length);
        foreach (var ch in typed)
        {
            var c = char.ToLowerInvariant(ch) switch
            {
                'i' or 'l' => '1',
                'o' => '0',
                var other => other,
            };
            if (c is '-' or ' ')
            {
                continue;
            }

            if (!Alphabet.Contains(c, StringComparison.Ordinal))
            {
                return null;
            }

            sb.Append(c);
        }

        return sb.Length == length ? sb.ToString() : null;
    }

    public static bool LooksLikeBackupCode(string? typed) => Normalize(typed, 12) is not null;

    /// <summary>SHA-256 over the user id and the canonical backup code: the codes are random, so no slow hash is needed.</summary>
    public static byte[] HashBackupCode(Guid userId, string canonical) => Hash(userId, "backup", canonical);

    public static byte[] HashRecoveryCode(Guid userId, string canonical) => Hash(userId, "recovery", canonical);

    private static byte[] Hash(Guid userId, string kind, string canonical) =>
        SHA256.HashData(Encoding.UTF8.GetBytes($"chatalot-{kind}-code|{userId:N}|{canonical}"));

    private static string Group(string code)
    {
        var sb = new StringBuilder(code.Length + (code.Length / 4));
        for (var i = 0; i < code.Length; i++)
        {
            if (i > 0 && i % 4 == 0)
            {
                sb.Append('-');
            }

            sb.Append(code[i]);
        }

        return sb.ToString();
    }
}
