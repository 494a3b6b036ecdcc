namespace Chatalot.Server.Hosting;

/// <summary>
/// Voice channels and DM calls, bound from <c>Chatalot:Voice</c>: the STUN and TURN servers handed to clients, the TURN
/// shared secret (coturn's <c>use-auth-secret</c>) and how long a dropped participant is kept. See
/// <c>docs/protocol/calls.md</c> and the TURN hosting guide.
/// </summary>
public sealed record ChatalotVoiceOptions
{
    /// <summary>The longest TURN credential lifetime allowed.</summary>
    public static readonly TimeSpan MaxTurnCredentialLifetime = TimeSpan.FromHours(24);

    /// <summary>STUN server URIs handed to clients (<c>stun:host:port</c>). Default none.</summary>
    public IReadOnlyList<string> StunUrls { get; init; } = [];

    /// <summary>TURN server URIs handed to clients (<c>turn:host:3478?transport=udp</c>, <c>turns:host:443?transport=tcp</c>). Default none.</summary>
    public IReadOnlyList<string> TurnUrls { get; init; } = [];

    /// <summary>The TURN server's <c>static-auth-secret</c> (a secret: never logged, never printed by <see cref="ToString"/>).</summary>
    public string? TurnSecret { get; init; }

    /// <summary>A file holding the TURN secret instead of <see cref="TurnSecret"/> (surrounding white space is ignored); read at start-up.</summary>
    public string? TurnSecretFile { get; init; }

    /// <summary>How long minted TURN credentials work for new allocations. Default 1 hour; 1 minute to 24 hours.</summary>
    public TimeSpan TurnCredentialLifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long a participant whose gateway connection dropped stays in its voice channel, waiting for the device to resume
    /// or rejoin. Default 15 s, at most 5 minutes. The server never waits longer than
    /// <see cref="ChatalotGatewayOptions.HeartbeatInterval"/> (a shorter heartbeat shortens the grace, so lowering the
    /// heartbeat alone stays a valid configuration): see <see cref="EffectiveDisconnectGrace"/>.
    /// </summary>
    public TimeSpan DisconnectGrace { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Participants per voice channel or DM call. Default and maximum <see cref="Protocol.ChatalotLimits.VoiceMaxParticipants"/>; at least 2.</summary>
    public int MaxParticipants { get; init; } = Protocol.ChatalotLimits.VoiceMaxParticipants;

    /// <summary>Participants with a camera or screen share on at once. Default and maximum <see cref="Protocol.ChatalotLimits.VoiceMaxVideoParticipants"/>; at least 1.</summary>
    public int MaxVideoParticipants { get; init; } = Protocol.ChatalotLimits.VoiceMaxVideoParticipants;

    /// <summary>The grace period applied: <see cref="DisconnectGrace"/>, capped at the gateway's heartbeat interval.</summary>
    /// <param name="gateway">The gateway settings.</param>
    /// <returns>The shorter of the two.</returns>
    public TimeSpan EffectiveDisconnectGrace(ChatalotGatewayOptions gateway)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        return DisconnectGrace < gateway.HeartbeatInterval ? DisconnectGrace : gateway.HeartbeatInterval;
    }

    /// <summary>Whether TURN servers are configured (and so credentials are minted).</summary>
    public bool TurnEnabled => TurnUrls.Count > 0;

    /// <summary>Checks the settings.</summary>
    /// <exception cref="InvalidOperationException">A setting is invalid.</exception>
    public void Validate()
    {
        foreach (var url in StunUrls)
        {
            if (url is null || !url.StartsWith("stun:", StringComparison.Ordinal) && !url.StartsWith("stuns:", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"Chatalot:Voice:StunUrls: '{url}' is not a stun: or stuns: URI.");
            }
        }

        foreach (var url in TurnUrls)
        {
            if (url is null || !url.StartsWith("turn:", StringComparison.Ordinal) && !url.StartsWith("turns:", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"Chatalot:Voice:TurnUrls: '{url}' is not a turn: or turns: URI.");
            }
        }

        if (TurnSecret is not null && TurnSecretFile is not null)
        {
            throw new InvalidOperationException("Chatalot:Voice: set TurnSecret or TurnSecretFile, not both.");
        }

        if (TurnEnabled && string.IsNullOrWhiteSpace(TurnSecret) && string.IsNullOrWhiteSpace(TurnSecretFile))
        {
            throw new InvalidOperationException("Chatalot:Voice:TurnSecret (or TurnSecretFile) is required when TurnUrls are set.");
        }

        if (TurnSecretFile is not null && !File.Exists(TurnSecretFile))
        {
            throw new InvalidOperationException("Chatalot:Voice:TurnSecretFile names no readable file.");
        }

        if (TurnCredentialLifetime < TimeSpan.FromMinutes(1) || TurnCredentialLifetime > MaxTurnCredentialLifetime)
        {
            throw new InvalidOperationException("Chatalot:Voice:TurnCredentialLifetime must be between 1 minute and 24 hours.");
        }

        if (DisconnectGrace <= TimeSpan.Zero || DisconnectGrace > TimeSpan.FromMinutes(5))
        {
            throw new InvalidOperationException("Chatalot:Voice:DisconnectGrace must be positive and at most 5 minutes.");
        }

        if (MaxParticipants is < 2 or > Protocol.ChatalotLimits.VoiceMaxParticipants ||
            MaxVideoParticipants < 1 || MaxVideoParticipants > Math.Min(MaxParticipants, Protocol.ChatalotLimits.VoiceMaxVideoParticipants))
        {
            throw new InvalidOperationException(
                $"Chatalot:Voice:MaxParticipants must be 2-{Protocol.ChatalotLimits.VoiceMaxParticipants} and MaxVideoParticipants 1-{Protocol.ChatalotLimits.VoiceMaxVideoParticipants} (at most MaxParticipants).");
        }
    }

    /// <summary>Describes the settings without the TURN secret.</summary>
    /// <returns>The settings, the secret masked.</returns>
    public override string ToString() =>
        $"ChatalotVoiceOptions {{ StunUrls = [{string.Join(", ", StunUrls)}], TurnUrls = [{string.Join(", ", TurnUrls)}], " +
        $"TurnSecret = {(TurnSecret is null ? "" : "***")}, TurnSecretFile = {TurnSecretFile}, TurnCredentialLifetime = {TurnCredentialLifetime}, " +
        $"DisconnectGrace = {DisconnectGrace}, MaxParticipants = {MaxParticipants}, MaxVideoParticipants = {MaxVideoParticipants} }}";
}
