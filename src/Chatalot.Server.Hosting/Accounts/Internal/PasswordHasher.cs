using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using NSec.Cryptography;

namespace Chatalot.Server.Hosting.Accounts.Internal;

/// <summary>
/// Argon2id password hashing (RFC 9106) through libsodium (NSec), stored in the PHC string format
/// <c>$argon2id$v=19$m=..,t=..,p=1$salt$hash</c> so parameters can be raised later without breaking old hashes.
/// libsodium supports only one lane (p=1).
/// </summary>
internal sealed class PasswordHasher
{
    private const int SaltBytes = 16;
    private const int HashBytes = 32;
    private readonly ChatalotAuthOptions _options;
    private readonly string _dummyHash;

    public PasswordHasher(IOptions<ChatalotServerOptions> options)
    {
        _options = options.Value.Auth;
        // Verifying unknown user names against a real hash keeps login timing independent of whether the name exists.
        _dummyHash = Hash("not-a-real-password-" + Guid.NewGuid());
    }

    public string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Derive(password, salt, _options.Argon2MemoryKib, _options.Argon2Iterations);
        return string.Create(CultureInfo.InvariantCulture,
            $"$argon2id$v=19$m={_options.Argon2MemoryKib},t={_options.Argon2Iterations},p=1${Convert.ToBase64String(salt).TrimEnd('=')}${Convert.ToBase64String(hash).TrimEnd('=')}");
    }

    public bool Verify(string password, string? phc)
    {
        if (phc is null)
        {
            Verify(password, _dummyHash);
            return false;
        }

        var parts = phc.Split('$');
        if (parts.Length != 6 || parts[1] != "argon2id")
        {
            return false;
        }

        int memory = 0, iterations = 0;
        foreach (var kv in parts[3].Split(','))
        {
            var pair = kv.Split('=');
            if (pair.Length != 2 || !int.TryParse(pair[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                return false;
            }

            if (pair[0] == "m")
            {
                memory = n;
            }
            else if (pair[0] == "t")
            {
                iterations = n;
            }
        }

        var salt = FromB64(parts[4]);
        var expected = FromB64(parts[5]);
        var actual = Derive(password, salt, memory, iterations);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    private static byte[] Derive(string password, byte[] salt, int memoryKib, int iterations)
    {
        var parameters = new Argon2Parameters
        {
            DegreeOfParallelism = 1,
            MemorySize = memoryKib,
            NumberOfPasses = iterations,
        };
        var algorithm = PasswordBasedKeyDerivationAlgorithm.Argon2id(parameters);
        return algorithm.DeriveBytes(password, salt, HashBytes);
    }

    private static byte[] FromB64(string s) => Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
}
