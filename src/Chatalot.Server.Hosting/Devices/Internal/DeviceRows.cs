namespace Chatalot.Server.Hosting.Devices.Internal;

/// <summary>A user's latest signed device list (crypto.md §15.2), as uploaded; the server only checks it.</summary>
internal sealed class DeviceListRow
{
    public Guid UserId { get; set; }

    /// <summary>The list's version; a concurrency token, so two racing uploads cannot both replace the same one.</summary>
    public long Version { get; set; }

    /// <summary>The account key inside the list, to refuse another one without a reset.</summary>
    public byte[] AccountKey { get; set; } = [];

    public byte[] List { get; set; } = [];

    public byte[] Signature { get; set; } = [];

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A device link in progress (crypto.md §15.4): public keys and a sealed payload the server relays.</summary>
internal sealed class DeviceLinkRow
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public int DeviceId { get; set; }
    public byte[] IdentityKey { get; set; } = [];
    public string? DeviceName { get; set; }
    public byte[] Commitment { get; set; } = [];

    /// <summary>A <see cref="Protocol.Devices.DeviceLinkState"/>; steps move it forward with a conditional update.</summary>
    public int State { get; set; }

    public int? ResponderDeviceId { get; set; }
    public byte[]? ResponderKey { get; set; }
    public byte[]? EphemeralKey { get; set; }
    public byte[]? KemKey { get; set; }
    public byte[]? Sealed { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}

/// <summary>An account's key backup header (crypto.md §15.5); the sealed entries are <see cref="KeyBackupEntryRow"/>s.</summary>
internal sealed class KeyBackupRow
{
    public Guid UserId { get; set; }

    /// <summary>Increases with every write; a concurrency token, so a write only lands on the version it read.</summary>
    public long Version { get; set; }

    public byte[] KeyId { get; set; } = [];

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>One sealed entry of a key backup, by name.</summary>
internal sealed class KeyBackupEntryRow
{
    public Guid UserId { get; set; }
    public string Name { get; set; } = "";
    public byte[] Data { get; set; } = [];

    /// <summary><c>Data.Length</c>, kept so the per-account quota is summed without reading the entries.</summary>
    public int Size { get; set; }
}
