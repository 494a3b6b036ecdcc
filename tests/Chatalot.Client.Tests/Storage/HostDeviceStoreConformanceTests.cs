using Chatalot.Client.Storage;
using Chatalot.Crypto;
using Chatalot.Crypto.Tests.Stores;

namespace Chatalot.Client.Tests.Storage;

/// <summary>The crypto package's store conformance suite, against <see cref="DeviceProtocolStore"/> over a host-supplied <see cref="IDeviceStore"/>.</summary>
public sealed class HostDeviceStoreConformanceTests : ProtocolStoreConformanceTests
{
    protected override IProtocolStore CreateStore(IdentityKeyPair identity, ProtocolAddress localAddress) =>
        DeviceProtocolStore.OpenAsync(new DictionaryDeviceStore(), localAddress, identity, cancellationToken: CancellationToken.None).GetAwaiter().GetResult();
}
