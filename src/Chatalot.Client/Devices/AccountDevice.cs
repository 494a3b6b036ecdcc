namespace Chatalot.Client;

/// <summary>A device in an account's verified device list (crypto.md §15.2).</summary>
public sealed record AccountDevice
{
    /// <summary>The device.</summary>
    public required DeviceId Id { get; init; }

    /// <summary>Its label, as the server has it (unsigned, for display only).</summary>
    public string? Name { get; init; }

    /// <summary>Fingerprint (hex) of its identity key, as the signed list has it.</summary>
    public required string Fingerprint { get; init; }

    /// <summary>When it first published keys, if it did.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>Whether it is the device this client runs on.</summary>
    public bool IsCurrent { get; init; }

    /// <summary>Whether the account is verified (its safety number compared): then so is every device listed here.</summary>
    public bool IsVerified { get; init; }
}
