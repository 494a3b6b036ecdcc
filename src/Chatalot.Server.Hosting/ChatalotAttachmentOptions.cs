using Chatalot.Protocol.Attachments;

namespace Chatalot.Server.Hosting;

/// <summary>Encrypted attachments (rest.md §Attachments), bound from <c>Chatalot:Attachments</c>.</summary>
public sealed record ChatalotAttachmentOptions
{
    /// <summary>
    /// The largest file, in plaintext bytes; uploads may declare up to
    /// <see cref="AttachmentLimits.CiphertextAllowance"/> of it. Default <see cref="AttachmentLimits.DefaultMaxAttachmentBytes"/> (100 MiB).
    /// </summary>
    public long MaxAttachmentBytes { get; init; } = AttachmentLimits.DefaultMaxAttachmentBytes;

    /// <summary>Ciphertext bytes one user's uploads may hold (declared lengths); <see langword="null"/> = unlimited. Default 10 GiB.</summary>
    public long? UserQuotaBytes { get; init; } = 10L * 1024 * 1024 * 1024;

    /// <summary>
    /// Ciphertext bytes the uploads made for one community's channels may hold; <see langword="null"/> = unlimited.
    /// Default 50 GiB.
    /// </summary>
    public long? CommunityQuotaBytes { get; init; } = 50L * 1024 * 1024 * 1024;

    /// <summary>How long an upload no message references is kept after its creation before the sweeper deletes it. Default 24 h.</summary>
    public TimeSpan OrphanGracePeriod { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Where the ciphertext is kept. Default <see cref="ChatalotAttachmentStore.FileSystem"/>.</summary>
    public ChatalotAttachmentStore Store { get; init; } = ChatalotAttachmentStore.FileSystem;

    /// <summary>The largest ciphertext one upload may declare.</summary>
    public long MaxCiphertextBytes => AttachmentLimits.CiphertextAllowance(MaxAttachmentBytes);

    /// <summary>Checks the settings.</summary>
    /// <param name="database">The database settings (the PostgreSQL store needs the PostgreSQL provider).</param>
    /// <exception cref="InvalidOperationException">A setting is invalid.</exception>
    public void Validate(ChatalotDatabaseOptions database)
    {
        ArgumentNullException.ThrowIfNull(database);
        if (MaxAttachmentBytes < 1 || MaxAttachmentBytes > 64L * 1024 * 1024 * 1024)
        {
            throw new InvalidOperationException("Chatalot:Attachments:MaxAttachmentBytes must be between 1 and 64 GiB.");
        }

        if (UserQuotaBytes < 0 || CommunityQuotaBytes < 0)
        {
            throw new InvalidOperationException("Chatalot:Attachments quotas must not be negative (leave them empty for unlimited).");
        }

        if (OrphanGracePeriod <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("Chatalot:Attachments:OrphanGracePeriod must be positive.");
        }

        if (!Enum.IsDefined(Store))
        {
            throw new InvalidOperationException("Chatalot:Attachments:Store must be FileSystem or PostgreSql.");
        }

        if (Store == ChatalotAttachmentStore.PostgreSql && database.Provider != ChatalotDatabaseProvider.PostgreSql)
        {
            throw new InvalidOperationException("Chatalot:Attachments:Store PostgreSql needs Chatalot:Database:Provider PostgreSql.");
        }
    }
}
