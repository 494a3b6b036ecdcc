using Chatalot.Server.Hosting.Common.Internal;
using OtpNet;

namespace Chatalot.Server.Hosting.Security.Internal;

/// <summary>
/// TOTP per RFC 6238 through Otp.NET: HMAC-SHA-1, 6 digits, 30-second steps, one step of drift either way (RFC 6238
/// §5.2). Time comes from the server's <see cref="Clock"/>, so tests move it with a fake.
/// </summary>
internal sealed class TotpCodes(Clock clock)
{
    public const int StepSeconds = 30;
    public const int Digits = 6;

    /// <summary>A new 160-bit seed (RFC 4226 §4 recommends the HMAC-SHA-1 output size).</summary>
    public static byte[] NewSeed() => KeyGeneration.GenerateRandomKey(20);

    public static string ToBase32(byte[] seed) => Base32Encoding.ToString(seed).TrimEnd('=');

    public static string OtpauthUri(string issuer, string account, string base32) =>
        $"otpauth://totp/{Uri.EscapeDataString(issuer)}:{Uri.EscapeDataString(account)}?secret={base32}&issuer={Uri.EscapeDataString(issuer)}&algorithm=SHA1&digits={Digits}&period={StepSeconds}";

    /// <summary>The time step a code matches (now, or one step either side), or <see langword="null"/>.</summary>
    public long? Match(byte[] seed, string? code)
    {
        var digits = code?.Replace(" ", "", StringComparison.Ordinal);
        if (digits is not { Length: Digits } || !digits.All(char.IsAsciiDigit))
        {
            return null;
        }

        var totp = new Totp(seed, StepSeconds, OtpHashMode.Sha1, Digits);
        return totp.VerifyTotp(clock.UtcNow.UtcDateTime, digits, out var step, new VerificationWindow(previous: 1, future: 1)) ? step : null;
    }
}
