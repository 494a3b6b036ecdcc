using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Chatalot.Server.Hosting.Bots.Internal;

/// <summary>Bot tokens: <c>cbt_</c> and 256 random bits in base64url. Only the SHA-256 of a token is ever stored.</summary>
internal static class BotTokens
{
    public const string Prefix = "cbt_";

    /// <summary>The longest string worth hashing; anything longer is not a token.</summary>
    public const int MaxLength = 128;

    public static string New() => Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
