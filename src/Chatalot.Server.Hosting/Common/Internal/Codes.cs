using System.Security.Cryptography;

namespace Chatalot.Server.Hosting.Common.Internal;

/// <summary>Random invite codes: 12 characters from an unambiguous alphabet (~59 bits).</summary>
internal static class Codes
{
    private const string Alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public static string NewInviteCode(int length = Protocol.ChatalotLimits.InviteCodeLength) =>
        RandomNumberGenerator.GetString(Alphabet, length);
}
