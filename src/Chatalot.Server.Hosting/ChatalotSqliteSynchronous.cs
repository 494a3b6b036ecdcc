namespace Chatalot.Server.Hosting;

/// <summary>
/// How hard a SQLite commit of new messages waits for the disk (SQLite's <c>PRAGMA synchronous</c> in WAL mode). Either
/// way a send is acknowledged only after its transaction committed; what differs is which failures that commit survives.
/// </summary>
public enum ChatalotSqliteSynchronous
{
    /// <summary>
    /// Every commit fsyncs the write-ahead log: an acknowledged message survives a process crash, a kernel crash and
    /// power loss (as far as the disk honours fsync). The default.
    /// </summary>
    Full = 0,

    /// <summary>
    /// Commits do not fsync; the log is synced at checkpoints. An acknowledged message survives a crash of the server
    /// process, but the last commits before a power loss or kernel crash may be lost (the database stays consistent).
    /// Faster on disks with slow fsync.
    /// </summary>
    Normal = 1,
}
