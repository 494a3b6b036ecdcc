namespace Chatalot.Client;

/// <summary>
/// A user's identity key differs from the one pinned for them: they reinstalled, added a device, or someone is
/// impersonating them. Depending on <c>ChatalotClientOptions.IdentityChangePolicy</c>, sending to that user is blocked
/// until the application accepts the new key.
/// </summary>
public sealed record IdentityChanged : ChatalotEvent
{
    /// <summary>The user whose key changed.</summary>
    public required UserId UserId { get; init; }

    /// <summary>The device that presented the new key, when known.</summary>
    public DeviceId? DeviceId { get; init; }

    /// <summary>Fingerprint (hex) of the previously pinned identity key.</summary>
    public required string PreviousFingerprint { get; init; }

    /// <summary>Fingerprint (hex) of the new identity key.</summary>
    public required string NewFingerprint { get; init; }

    /// <summary>Whether sending to the user is now blocked until the new key is accepted.</summary>
    public bool SendingBlocked { get; init; }
}
