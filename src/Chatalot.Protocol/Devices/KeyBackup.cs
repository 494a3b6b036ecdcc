namespace Chatalot.Protocol.Devices;

/// <summary>
/// The account's encrypted key backup (crypto.md §15.5), as <c>GET /api/v1/users/me/key-backup</c> returns it. The
/// server cannot open it: it never sees the recovery key.
/// </summary>
/// <param name="Version">Increases with every write; a write names the version it replaces.</param>
/// <param name="KeyId">The public id of the recovery key (16 bytes), to tell a wrong key from damaged data.</param>
/// <param name="Entries">The sealed entries by name.</param>
/// <param name="UpdatedAt">When it was last written.</param>
public sealed record KeyBackup(long Version, byte[] KeyId, IReadOnlyDictionary<string, byte[]> Entries, DateTimeOffset UpdatedAt);

/// <summary>
/// Body of <c>PUT /api/v1/users/me/key-backup</c>: sets or updates entries. A different <paramref name="KeyId"/> than the
/// stored one starts a new backup (the old entries are dropped), as after a new recovery key.
/// </summary>
/// <param name="KeyId">The recovery key's public id (16 bytes).</param>
/// <param name="Entries">Sealed entries to add or replace, by name.</param>
/// <param name="PreviousVersion">The version this write builds on (0 for none); another one is <c>409 backup_conflict</c>.</param>
public sealed record KeyBackupUpload(byte[] KeyId, IReadOnlyDictionary<string, byte[]> Entries, long PreviousVersion);
