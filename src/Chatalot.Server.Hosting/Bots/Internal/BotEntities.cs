using Microsoft.EntityFrameworkCore;

namespace Chatalot.Server.Hosting.Bots.Internal;

/// <summary>
/// A bot account's credentials and management scope (table <c>bots</c>); the account itself is a <c>users</c> row with
/// <c>IsBot</c> set. The token is kept only as its SHA-256 hash (256 random bits, so a fast hash is enough, as for
/// refresh tokens); a null hash is a revoked token.
/// </summary>
internal sealed class BotRow
{
    public Guid UserId { get; set; }

    public Guid CreatedBy { get; set; }

    // The community the bot was created in: its admins manage the bot. Null for a bot an instance admin made outside one.
    public Guid? CommunityId { get; set; }

    public byte[]? TokenHash { get; set; }

    public DateTimeOffset? TokenIssuedAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>The bot part of the schema, applied by <c>ChatalotDbContext.OnModelCreating</c>.</summary>
internal static class BotModel
{
    public static void Configure(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<BotRow>(e =>
        {
            e.ToTable("bots");
            e.HasKey(x => x.UserId);
            e.HasIndex(x => x.TokenHash).IsUnique();
            e.HasIndex(x => x.CommunityId);
            e.HasIndex(x => x.CreatedBy);
        });
}
