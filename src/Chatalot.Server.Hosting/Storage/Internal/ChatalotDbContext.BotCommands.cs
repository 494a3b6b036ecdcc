using Chatalot.Server.Hosting.BotCommands.Internal;
using Microsoft.EntityFrameworkCore;

namespace Chatalot.Server.Hosting.Storage.Internal;

/// <summary>The table of published bot command lists (rest.md §Bot commands).</summary>
internal abstract partial class ChatalotDbContext
{
    public DbSet<BotCommandListRow> BotCommandLists => Set<BotCommandListRow>();

    private static void OnBotCommandsModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<BotCommandListRow>(e =>
        {
            e.ToTable("bot_command_lists");
            e.HasKey(x => x.UserId);
            e.Property(x => x.Prefix).HasMaxLength(BotCommandService.PrefixMaxLength);
            e.Property(x => x.CommandsJson).HasMaxLength(BotCommandService.ListMaxJsonLength);
        });
}
