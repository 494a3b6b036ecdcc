namespace Chatalot.Server.Hosting;

/// <summary>Where the server keeps the ciphertext of attachments (<see cref="ChatalotAttachmentOptions.Store"/>).</summary>
public enum ChatalotAttachmentStore
{
    /// <summary>Files under <c>{DataDirectory}/attachments/</c>, owner-only. The default; one node.</summary>
    FileSystem,

    /// <summary>Chunks of at most 1 MiB in the PostgreSQL database, shared by every node. Needs the PostgreSQL provider.</summary>
    PostgreSql,
}
