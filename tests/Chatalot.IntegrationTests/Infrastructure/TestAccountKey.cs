using System.Security.Cryptography;
using Chatalot.Protocol.Devices;
using Chatalot.Protocol.Keys;
using NSec.Cryptography;

namespace Chatalot.IntegrationTests.Infrastructure;

/// <summary>
/// An account key <c>AK</c> for tests (crypto.md §15.2): it signs device lists with NSec's Ed25519, independently of
/// <c>Chatalot.Crypto</c>, so the server's check is cross-checked against another implementation.
/// </summary>
public sealed class TestAccountKey : IDisposable
{
    private readonly Key _key = Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.None });

    public byte[] PublicKey => _key.PublicKey.Export(KeyBlobFormat.RawPublicKey);

    /// <summary>The signed list of <paramref name="devices"/> (id and identity key) for a user at a version.</summary>
    public DeviceListUpload List(Guid userId, ulong version, IEnumerable<(int Id, byte[] Key)> devices, bool reset = false) =>
        List(userId.ToString("D"), version, devices, reset);

    public DeviceListUpload List(string userId, ulong version, IEnumerable<(int Id, byte[] Key)> devices, bool reset = false)
    {
        var bytes = DeviceListFormat.Encode(new DeviceListDocument(userId, PublicKey, version, DateTimeOffset.UtcNow, [.. devices.Select(d => new DeviceListEntry(d.Id, d.Key))]));
        return new DeviceListUpload(bytes, Sign(bytes), reset);
    }

    /// <summary>A list of devices with random identity keys, by id.</summary>
    public DeviceListUpload List(Guid userId, ulong version, params int[] deviceIds) =>
        List(userId, version, deviceIds.Select(id => (id, RandomNumberGenerator.GetBytes(32))));

    public byte[] Sign(byte[] message) => SignatureAlgorithm.Ed25519.Sign(_key, message);

    public void Dispose() => _key.Dispose();
}
