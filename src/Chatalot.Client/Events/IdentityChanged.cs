namespace Chatalot.Client;

/// <summary>
/// A user's account key (crypto.md §15) differs from the one pinned for them: they reset their account identity after
/// losing every device and their recovery key, or someone is impersonating them. Verification of the old key ends.
/// Depending on <c>ChatalotClientOptions.IdentityChangePolicy</c>, sending to that user is blocked until the application
/// calls <c>ChatalotClient.AcceptIdentityAsync</c>. New or removed devices under the same account key are not identity
/// changes: they arrive as <see cref="DeviceListChanged"/>.
/// </summary>
public sealed record IdentityChanged : ChatalotEvent
{
    /// <summary>The user whose account key changed.</summary>
    public required UserId UserId { get; init; }

    /// <summary>Fingerprint (hex) of the previously pinned account key.</summary>
    public required string PreviousFingerprint { get; init; }

    /// <summary>Fingerprint (hex) of the new account key.</summary>
    public required string NewFingerprint { get; init; }

    /// <summary>Whether sending to the user is now blocked until the new key is accepted.</summary>
    public bool SendingBlocked { get; init; }
}
