namespace Chatalot.Client.Storage;

/// <summary>Settings of an <see cref="EncryptedSqliteStore"/>.</summary>
public sealed record EncryptedSqliteStoreOptions
{
    /// <summary>Path of the SQLite database file; created if missing. Required.</summary>
    public string? Path { get; init; }

    /// <summary>
    /// Argon2id memory cost in KiB for a new passphrase-protected store (an existing store keeps the cost it was created
    /// with). Default 65 536 (64 MiB); at least 8 192.
    /// </summary>
    public int PassphraseMemoryKiB { get; init; } = 64 * 1024;

    /// <summary>Argon2id passes for a new passphrase-protected store. Default 3; at least 1.</summary>
    public int PassphrasePasses { get; init; } = 3;

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentException">A setting is missing or out of range.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Path, nameof(Path));
        ArgumentOutOfRangeException.ThrowIfLessThan(PassphraseMemoryKiB, 8 * 1024, nameof(PassphraseMemoryKiB));
        ArgumentOutOfRangeException.ThrowIfLessThan(PassphrasePasses, 1, nameof(PassphrasePasses));
    }
}
