using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.Extensions.Options;

namespace Chatalot.Server.Hosting.Accounts.Internal;

/// <summary>
/// Short-lived access tokens: <c>base64url(payload).base64url(HMAC-SHA256(key, payload))</c> with a fixed 41-byte payload
/// (version, user id, session id, expiry). Compact, parse-free and constant-time to verify. The signing key comes from
/// configuration or is generated once and kept under the data folder.
/// </summary>
internal sealed class AccessTokenService
{
    private const byte Version = 1;
    private const int PayloadBytes = 1 + 16 + 16 + 8;
    private readonly byte[] _key;
    private readonly Clock _clock;
    private readonly TimeSpan _lifetime;

    public AccessTokenService(IOptions<ChatalotServerOptions> options, Clock clock)
    {
        _clock = clock;
        _lifetime = options.Value.Auth.AccessTokenLifetime;
        _key = LoadKey(options.Value);
    }

    /// <summary>
    /// Identifies the signing key without revealing it (an HMAC of a fixed label under the key), so the nodes of a
    /// cluster can check they share one (ScaleOut.Internal.ClusterSecretsCheck).
    /// </summary>
    public byte[] KeyFingerprint() => HMACSHA256.HashData(_key, "chatalot cluster key fingerprint: token signing"u8);

    public (string Token, DateTimeOffset ExpiresAt) Issue(Guid userId, Guid sessionId)
    {
        var expires = _clock.UtcNow + _lifetime;
        Span<byte> payload = stackalloc byte[PayloadBytes];
        payload[0] = Version;
        userId.TryWriteBytes(payload[1..17], bigEndian: true, out _);
        sessionId.TryWriteBytes(payload[17..33], bigEndian: true, out _);
        BinaryPrimitives.WriteInt64BigEndian(payload[33..], expires.ToUnixTimeSeconds());
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, payload, mac);
        return (Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(mac), expires);
    }

    /// <summary>Validates a token; returns <see langword="null"/> when malformed or forged, and flags expiry separately.</summary>
    public (Guid UserId, Guid SessionId, bool Expired)? Validate(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 200)
        {
            return null;
        }

        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0)
        {
            return null;
        }

        Span<byte> payload = stackalloc byte[64];
        Span<byte> mac = stackalloc byte[64];
        if (Base64Url.DecodeFromChars(token.AsSpan(0, dot), payload, out _, out var payloadLength) != System.Buffers.OperationStatus.Done ||
            Base64Url.DecodeFromChars(token.AsSpan(dot + 1), mac, out _, out var macLength) != System.Buffers.OperationStatus.Done ||
            payloadLength != PayloadBytes || macLength != 32 || payload[0] != Version)
        {
            return null;
        }

        // Only the canonical encoding is accepted, so a token has exactly one spelling (no malleable padding bits).
        if (!token.AsSpan(0, dot).SequenceEqual(Base64Url.EncodeToString(payload[..PayloadBytes])) ||
            !token.AsSpan(dot + 1).SequenceEqual(Base64Url.EncodeToString(mac[..32])))
        {
            return null;
        }

        Span<byte> expected = stackalloc byte[32];
        HMACSHA256.HashData(_key, payload[..PayloadBytes], expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, mac[..32]))
        {
            return null;
        }

        var userId = new Guid(payload[1..17], bigEndian: true);
        var sessionId = new Guid(payload[17..33], bigEndian: true);
        var expires = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(payload[33..PayloadBytes]));
        return (userId, sessionId, expires <= _clock.UtcNow);
    }

    private static byte[] LoadKey(ChatalotServerOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.Auth.TokenSigningKey))
        {
            var configured = Convert.FromBase64String(options.Auth.TokenSigningKey);
            return configured.Length >= 32 ? configured : throw new InvalidOperationException("Chatalot:Auth:TokenSigningKey must be at least 32 bytes.");
        }

        DataDirectory.Ensure(options.DataDirectory);
        var path = Path.Combine(options.DataDirectory, "token-signing.key");
        if (File.Exists(path))
        {
            var existing = File.ReadAllBytes(path);
            if (existing.Length >= 32)
            {
                return existing;
            }
        }

        var key = RandomNumberGenerator.GetBytes(32);
        var temp = path + ".tmp";
        using (var stream = DataDirectory.CreateFile(temp))
        {
            stream.Write(key);
        }

        File.Move(temp, path, overwrite: true);
        return key;
    }
}
