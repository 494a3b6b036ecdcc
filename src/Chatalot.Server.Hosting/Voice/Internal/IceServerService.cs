using Chatalot.Protocol.Voice;
using Microsoft.Extensions.Options;

namespace Chatalot.Server.Hosting.Voice.Internal;

/// <summary>Answers <c>GET /voice/ice-servers</c>: the configured STUN servers and fresh TURN credentials (calls.md §4).</summary>
internal sealed class IceServerService
{
    private readonly ChatalotVoiceOptions _options;
    private readonly TimeProvider _time;
    private readonly string? _secret;

    public IceServerService(IOptions<ChatalotServerOptions> options, TimeProvider time)
    {
        _options = options.Value.Voice;
        _time = time;
        _secret = _options.TurnSecretFile is { } file ? File.ReadAllText(file).Trim() : _options.TurnSecret;
        if (_options.TurnEnabled && string.IsNullOrEmpty(_secret))
        {
            throw new InvalidOperationException("Chatalot:Voice:TurnSecretFile is empty.");
        }
    }

    public IceServerConfig Get(Guid userId)
    {
        // Whole seconds: the user name carries the expiry in seconds, and the answer must say the same instant.
        var now = _time.GetUtcNow();
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds((now + _options.TurnCredentialLifetime).ToUnixTimeSeconds());
        var servers = new List<IceServer>(2);
        if (_options.StunUrls.Count > 0)
        {
            servers.Add(new IceServer(_options.StunUrls));
        }

        if (_options.TurnEnabled)
        {
            var (username, credential) = TurnCredentials.Mint(_secret!, userId, expiresAt);
            servers.Add(new IceServer(_options.TurnUrls, username, credential));
        }

        return new IceServerConfig(servers, expiresAt);
    }
}
