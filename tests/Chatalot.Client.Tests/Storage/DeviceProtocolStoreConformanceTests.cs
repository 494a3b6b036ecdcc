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

    protected override IProtocolStore CreateStore(IdentityKeyPair identity, ProtocolAddress localAddress)
    {
        // The suite's factory is synchronous; opening a local SQLite file completes synchronously in practice.
        var file = EncryptedSqliteStore.OpenAsync(new EncryptedSqliteStoreOptions { Path = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".db") }, _key, CancellationToken.None).GetAwaiter().GetResult();
        _stores.Add(file);
        return DeviceProtocolStore.OpenAsync(file, localAddress, identity, cancellationToken: CancellationToken.None).GetAwaiter().GetResult();
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
