using Chatalot.Protocol;
using Chatalot.Server.Hosting.Devices.Internal;
using Microsoft.EntityFrameworkCore;

namespace Chatalot.Server.Hosting.Storage.Internal;

/// <summary>Signed device lists, device links and key backups (crypto.md §15; rest.md §Device lists, linking and key backup).</summary>
internal abstract partial class ChatalotDbContext
{
    public DbSet<DeviceListRow> DeviceLists => Set<DeviceListRow>();

    public DbSet<DeviceLinkRow> DeviceLinks => Set<DeviceLinkRow>();

    public DbSet<KeyBackupRow> KeyBackups => Set<KeyBackupRow>();

    public DbSet<KeyBackupEntryRow> KeyBackupEntries => Set<KeyBackupEntryRow>();

    private static void OnDevicesModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<DeviceListRow>(e =>
        {
            e.ToTable("device_lists");
            e.HasKey(x => x.UserId);
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        modelBuilder.Entity<DeviceLinkRow>(e =>
        {
            e.ToTable("device_links");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.UserId);
            e.HasIndex(x => x.ExpiresAt);
            e.Property(x => x.DeviceName).HasMaxLength(ChatalotLimits.DeviceNameMaxLength);
        });
        modelBuilder.Entity<KeyBackupRow>(e =>
        {
            e.ToTable("key_backups");
            e.HasKey(x => x.UserId);
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        modelBuilder.Entity<KeyBackupEntryRow>(e =>
        {
            e.ToTable("key_backup_entries");
            e.HasKey(x => new { x.UserId, x.Name });
            e.Property(x => x.Name).HasMaxLength(ChatalotLimits.KeyBackupEntryNameMaxLength);
        });
    }
}
