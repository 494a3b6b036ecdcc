namespace Chatalot.Server.Hosting.Common.Internal;

/// <summary>
/// A periodic job that does cluster-wide work (sweeps, purges) and so must run on one node per tick.
/// <paramref name="LockKey"/> is its PostgreSQL advisory lock key: stable forever, unique among jobs.
/// </summary>
internal sealed record ClusterJob(string Name, long LockKey, TimeSpan Period)
{
    public static readonly ClusterJob MessagePurge = new("message-purge", 0x43_68_61_74_00_00_00_01, TimeSpan.FromHours(1));

    public static readonly ClusterJob AttachmentSweep = new("attachment-sweep", 0x43_68_61_74_00_00_00_02, TimeSpan.FromMinutes(15));
}
