using Chatalot.Client.Storage;
using Chatalot.Crypto;
using Chatalot.Crypto.Tests.Stores;

namespace Chatalot.Client.Tests.Storage;

/// <summary>The crypto package's store conformance suite, against <see cref="DeviceProtocolStore"/> on a real SQLite file.</summary>
public sealed class DeviceProtocolStoreConformanceTests : ProtocolStoreConformanceTests, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("chatalot-conformance-").FullName;
    private readonly List<EncryptedSqliteStore> _stores = [];
    private readonly StoreKey _key = StoreKey.Generate();

    private readonly Dictionary<IProtocolStore, (string Path, ProtocolAddress Address)> _paths = [];

    protected override IProtocolStore CreateStore(IdentityKeyPair identity, ProtocolAddress localAddress) =>
        Open(Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".db"), localAddress, identity);

    // A restart: a second store and protocol store over the same file (the first is closed at the end of the test).
    protected override IProtocolStore Reopen(IProtocolStore store) => Open(_paths[store].Path, _paths[store].Address, identity: null);

    private IProtocolStore Open(string path, ProtocolAddress localAddress, IdentityKeyPair? identity)
    {
        // The suite's factory is synchronous; opening a local SQLite file completes synchronously in practice.
        var file = EncryptedSqliteStore.OpenAsync(new EncryptedSqliteStoreOptions { Path = path }, _key, CancellationToken.None).GetAwaiter().GetResult();
        _stores.Add(file);
        var store = DeviceProtocolStore.OpenAsync(file, localAddress, identity, cancellationToken: CancellationToken.None).GetAwaiter().GetResult();
        _paths[store] = (path, localAddress);
        return store;
    }

    public void Dispose()
    {
        foreach (var store in _stores)
        {
            store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        _key.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
