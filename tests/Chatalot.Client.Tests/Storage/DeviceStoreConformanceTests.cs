using Chatalot.Client.Storage;

namespace Chatalot.Client.Tests.Storage;

/// <summary>
/// What every <see cref="IDeviceStore"/> must do for the client to run on it, checked against each implementation
/// here (the SQLite file and a host-supplied store); a host writing its own store can run the same list.
/// </summary>
public abstract class DeviceStoreConformanceTests
{
    protected abstract Task<IDeviceStore> OpenAsync();

    [Fact]
    public async Task Get_MissingRecord_IsNull()
    {
        var store = await OpenAsync();

        Assert.Null(await store.GetAsync("sessions", "nobody", CancellationToken.None));
        Assert.Null(await store.GetAsync("never_written_kind", "nobody", CancellationToken.None));
    }

    [Fact]
    public async Task Put_ThenGet_ReturnsTheValue_AndOverwriteReplacesIt()
    {
        var store = await OpenAsync();
        await store.PutAsync("sessions", "bob/7", new byte[] { 1, 2, 3 }, CancellationToken.None);
        Assert.Equal([1, 2, 3], await store.GetAsync("sessions", "bob/7", CancellationToken.None));

        await store.PutAsync("sessions", "bob/7", new byte[] { 9 }, CancellationToken.None);
        Assert.Equal([9], await store.GetAsync("sessions", "bob/7", CancellationToken.None));
    }

    [Fact]
    public async Task Values_AreCopies_InBothDirections()
    {
        var store = await OpenAsync();
        var written = new byte[] { 1, 2, 3 };
        await store.PutAsync("prekeys", "1", written, CancellationToken.None);
        written[0] = 42;
        var read = (await store.GetAsync("prekeys", "1", CancellationToken.None))!;
        read[1] = 42;

        // The client zeroes buffers it is done with; that must never reach the stored record.
        Assert.Equal([1, 2, 3], await store.GetAsync("prekeys", "1", CancellationToken.None));
    }

    [Fact]
    public async Task SameKey_InTwoKinds_AreTwoRecords()
    {
        var store = await OpenAsync();
        await store.PutAsync("prekeys", "5", new byte[] { 1 }, CancellationToken.None);
        await store.PutAsync("signed_prekeys", "5", new byte[] { 2 }, CancellationToken.None);

        Assert.Equal([1], await store.GetAsync("prekeys", "5", CancellationToken.None));
        Assert.Equal([2], await store.GetAsync("signed_prekeys", "5", CancellationToken.None));
    }

    [Fact]
    public async Task Delete_ReportsWhetherARecordWentAway()
    {
        var store = await OpenAsync();
        await store.PutAsync("sender_keys", "k", new byte[] { 1 }, CancellationToken.None);

        Assert.True(await store.DeleteAsync("sender_keys", "k", CancellationToken.None));
        Assert.False(await store.DeleteAsync("sender_keys", "k", CancellationToken.None));
        Assert.False(await store.DeleteAsync("other_kind", "k", CancellationToken.None));
        Assert.Null(await store.GetAsync("sender_keys", "k", CancellationToken.None));
    }

    [Fact]
    public async Task List_ReturnsEveryRecordOfOneKind_AndNoOther()
    {
        var store = await OpenAsync();
        await store.PutAsync("signed_prekeys", "1", new byte[] { 1 }, CancellationToken.None);
        await store.PutAsync("signed_prekeys", "2", new byte[] { 2 }, CancellationToken.None);
        await store.PutAsync("signed_prekeys_old", "3", new byte[] { 3 }, CancellationToken.None);
        await store.PutAsync("prekeys", "4", new byte[] { 4 }, CancellationToken.None);

        var listed = new Dictionary<string, byte[]>();
        await foreach (var (key, value) in store.ListAsync("signed_prekeys", CancellationToken.None))
        {
            listed[key] = value;
        }

        Assert.Equal(["1", "2"], listed.Keys.Order(StringComparer.Ordinal));
        Assert.Equal([2], listed["2"]);
        await foreach (var _ in store.ListAsync("never_written_kind", CancellationToken.None))
        {
            Assert.Fail("a kind never written lists nothing");
        }
    }

    [Fact]
    public async Task Keys_WithSeparatorsAndUnicode_DoNotCollide()
    {
        var store = await OpenAsync();
        await store.PutAsync("pinned_identities", "a/b", new byte[] { 1 }, CancellationToken.None);
        await store.PutAsync("pinned_identities", "a\0b", new byte[] { 2 }, CancellationToken.None);
        await store.PutAsync("pinned_identities", "añb", new byte[] { 3 }, CancellationToken.None);

        Assert.Equal([1], await store.GetAsync("pinned_identities", "a/b", CancellationToken.None));
        Assert.Equal([2], await store.GetAsync("pinned_identities", "a\0b", CancellationToken.None));
        Assert.Equal([3], await store.GetAsync("pinned_identities", "añb", CancellationToken.None));
    }
}

/// <summary>The conformance list against the client's own SQLite file store.</summary>
public sealed class EncryptedSqliteDeviceStoreConformanceTests : DeviceStoreConformanceTests, IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("chatalot-devicestore-").FullName;
    private readonly List<EncryptedSqliteStore> _open = [];

    protected override async Task<IDeviceStore> OpenAsync()
    {
        using var key = StoreKey.Generate();
        var store = await EncryptedSqliteStore.OpenAsync(new EncryptedSqliteStoreOptions { Path = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".db") }, key, CancellationToken.None);
        _open.Add(store);
        return store;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var store in _open)
        {
            await store.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }
}

/// <summary>The conformance list against a host-supplied store (what the browser tests' and a host's own stores follow).</summary>
public sealed class HostDeviceStoreContractTests : DeviceStoreConformanceTests
{
    protected override Task<IDeviceStore> OpenAsync() => Task.FromResult<IDeviceStore>(new DictionaryDeviceStore());
}
