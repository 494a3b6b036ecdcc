using Chatalot.Server.Hosting.Authorization.Internal;
using Chatalot.Server.Hosting.Gateway;
using Chatalot.Server.Hosting.Gateway.Internal;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chatalot.Server.Hosting.Tests;

public sealed class AuthorizationCacheTests
{
    private static readonly SendPermission Permission = new(Guid.NewGuid(), false, null, null, false, false, 0, false);

    private static AuthorizationCache NewCache() => new(new InProcessBackplane(), NullLogger<AuthorizationCache>.Instance);

    [Fact]
    public void WithAMultiNodeBackplane_NothingIsCached()
    {
        // Another node's writes never reach this node's interceptor, so a cached permission could outlive a revocation.
        var cache = new AuthorizationCache(new OtherNodesBackplane(), NullLogger<AuthorizationCache>.Instance);
        var (user, channel) = (Guid.NewGuid(), Guid.NewGuid());
        cache.SetChannel(user, channel, cache.Epoch(AuthorizationScope.Channels), Permission);
        cache.SetDevice(user, 1, cache.Epoch(AuthorizationScope.Devices), true);

        Assert.False(cache.Enabled);
        Assert.False(cache.TryGetChannel(user, channel, out _));
        Assert.False(cache.TryGetDevice(user, 1, out _));
    }

    /// <summary>Stands for any backplane other than the in-process one (Redis, a message bus): several nodes write.</summary>
    private sealed class OtherNodesBackplane : IChatalotBackplane
    {
        private readonly InProcessBackplane _local = new();

        public ValueTask PublishAsync(ChatalotBackplaneMessage message, CancellationToken cancellationToken) => _local.PublishAsync(message, cancellationToken);

        public IDisposable Subscribe(Func<ChatalotBackplaneMessage, ValueTask> handler) => _local.Subscribe(handler);
    }

    [Fact]
    public void Entry_IsServedUntilItsScopeIsInvalidated()
    {
        var cache = NewCache();
        var (user, channel) = (Guid.NewGuid(), Guid.NewGuid());
        cache.SetChannel(user, channel, cache.Epoch(AuthorizationScope.Channels), Permission);
        Assert.True(cache.TryGetChannel(user, channel, out var hit));
        Assert.Same(Permission, hit);

        cache.Invalidate(AuthorizationScope.Channels);
        Assert.False(cache.TryGetChannel(user, channel, out _));
    }

    [Fact]
    public void Entry_ReadBeforeAnInvalidation_IsNeverStored()
    {
        // The read started, then a write committed and invalidated: the read's result may predate the write.
        var cache = NewCache();
        var (user, device) = (Guid.NewGuid(), 3);
        var epoch = cache.Epoch(AuthorizationScope.Devices);
        cache.Invalidate(AuthorizationScope.Devices);
        cache.SetDevice(user, device, epoch, exists: true);
        Assert.False(cache.TryGetDevice(user, device, out _));
    }

    [Fact]
    public void Invalidate_OnlyDropsTheScopesNamed()
    {
        var cache = NewCache();
        var (a, b, channel) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        cache.SetChannel(a, channel, cache.Epoch(AuthorizationScope.Channels), null);
        cache.SetBlocked(a, b, cache.Epoch(AuthorizationScope.Blocks), blocked: true);
        cache.SetDevice(a, 1, cache.Epoch(AuthorizationScope.Devices), exists: true);

        cache.Invalidate(AuthorizationScope.Devices);

        Assert.True(cache.TryGetChannel(a, channel, out var none));
        Assert.Null(none);
        Assert.True(cache.TryGetBlocked(b, a, out var blocked));
        Assert.True(blocked);
        Assert.False(cache.TryGetDevice(a, 1, out _));

        cache.Invalidate(AuthorizationScope.All);
        Assert.False(cache.TryGetChannel(a, channel, out _));
        Assert.False(cache.TryGetBlocked(a, b, out _));
    }

    [Fact]
    public void Scope_StaysBounded()
    {
        var cache = NewCache();
        var user = Guid.NewGuid();
        var epoch = cache.Epoch(AuthorizationScope.Devices);
        for (var i = 0; i <= AuthorizationCache.MaxEntriesPerScope; i++)
        {
            cache.SetDevice(user, i, epoch, exists: true);
        }

        // The scope was emptied when full; the newest entry is still there, the oldest is gone.
        Assert.True(cache.TryGetDevice(user, AuthorizationCache.MaxEntriesPerScope, out _));
        Assert.False(cache.TryGetDevice(user, 0, out _));
    }

    // Expected scope as flags: 1 channels, 2 devices, 4 blocks (the enum is internal, theory data is public).
    [Theory]
    [InlineData("SELECT \"c\".\"Id\" FROM \"channels\" AS \"c\"", 0)]
    [InlineData("  select * from group_members", 0)]
    [InlineData("UPDATE \"channels\" SET \"Archived\" = @p0\nWHERE \"Id\" = @p1\nRETURNING 1;", 1)]
    [InlineData("UPDATE channels SET \"ReadOnly\" = @p0 WHERE \"Id\" = @p1;", 1)] // Npgsql quotes only when needed
    [InlineData("DELETE FROM \"group_members\" AS \"g\" WHERE \"g\".\"GroupId\" = @groupId", 1)]
    [InlineData("DELETE FROM community_members AS c WHERE c.\"UserId\" = @userId", 1)]
    [InlineData("INSERT INTO \"devices\" (\"UserId\", \"DeviceId\") VALUES (@p0, @p1);", 2)]
    [InlineData("DELETE FROM \"user_blocks\" AS \"u\" WHERE \"u\".\"BlockerId\" = @id", 4)]
    [InlineData("INSERT INTO \"messages\" (\"Id\", \"ChannelId\", \"SenderDeviceId\") VALUES (@p0, @p1, @p2) RETURNING \"Seq\";", 0)]
    [InlineData("INSERT INTO \"one_time_prekeys\" (\"UserId\", \"DeviceId\") VALUES (@p0, @p1);", 0)]
    [InlineData("INSERT INTO \"groups\" (\"Id\") VALUES (@p0);\nINSERT INTO \"group_members\" (\"GroupId\") VALUES (@p1);\nINSERT INTO \"channels\" (\"Id\") VALUES (@p2);", 1)]
    [InlineData("DELETE FROM \"devices\" WHERE 1; DELETE FROM \"community_bans\" WHERE 1;", 3)]
    public void ScopeOf_ClassifiesWritesByTheTablesTheyName(string sql, int expected) =>
        Assert.Equal((AuthorizationScope)expected, AuthorizationInvalidationInterceptor.ScopeOf(sql));

    [Fact]
    public void WatchedTables_MatchTheModel()
    {
        using var db = new SqliteChatalotDbContext(new DbContextOptionsBuilder<SqliteChatalotDbContext>().UseSqlite("Data Source=:memory:").Options);
        Type[] authorizationFacts = [typeof(CommunityRow), typeof(CommunityMemberRow), typeof(CommunityBanRow), typeof(GroupRow), typeof(GroupMemberRow), typeof(ChannelRow), typeof(DeviceRow), typeof(UserBlockRow), typeof(RoleRow), typeof(MemberRoleRow), typeof(PermissionOverrideRow)];
        var watched = AuthorizationInvalidationInterceptor.WatchedTables.Select(t => t.Table).ToHashSet();
        foreach (var type in authorizationFacts)
        {
            Assert.Contains(db.Model.FindEntityType(type)!.GetTableName()!, watched);
        }

        Assert.Equal(authorizationFacts.Length, watched.Count);
    }
}
