using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Chatalot.Server.Hosting.Voice.Internal;

/// <summary>
/// coturn's shared-secret credentials (<c>use-auth-secret</c>, draft-uberti-behave-turn-rest; calls.md §4): the user
/// name carries its own expiry, and the password is an HMAC of it under the secret both servers hold.
/// </summary>
internal static class TurnCredentials
{
    /// <summary>The user name <c>"&lt;expiry unix seconds&gt;:&lt;user id&gt;"</c> and its password <c>base64(HMAC-SHA1(secret, user name))</c>.</summary>
    public static (string Username, string Credential) Mint(string secret, Guid userId, DateTimeOffset expiresAt)
    {
        var username = expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + ":" + userId.ToString("D");
        var key = Encoding.UTF8.GetBytes(secret);
        try
        {
            // SHA-1 is what the TURN REST scheme and coturn specify; as an HMAC it is not weakened by SHA-1's collisions.
#pragma warning disable CA5350
            var mac = HMACSHA1.HashData(key, Encoding.UTF8.GetBytes(username));
#pragma warning restore CA5350
            return (username, Convert.ToBase64String(mac));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }
}
