using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Chatalot.Client.Storage;

namespace Chatalot.BrowserTests.Infrastructure;

/// <summary>A device store in test memory, used to play an impostor that reuses someone's device id with a new identity key.</summary>
public sealed class MemoryDeviceStore : IDeviceStore
{
    private readonly ConcurrentDictionary<(string Kind, string Key), byte[]> _records = new();

    /// <summary>A store that claims to be device <paramref name="deviceId"/> of <paramref name="userId"/> but holds no keys yet.</summary>
    public static MemoryDeviceStore ClaimingDevice(Guid userId, int deviceId)
    {
        var store = new MemoryDeviceStore();
        var device = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(device, deviceId);
        store._records[("client_state", "user")] = userId.ToByteArray();
        store._records[("client_state", "device")] = device;
        return store;
    }

    public ValueTask<byte[]?> GetAsync(string kind, string key, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_records.TryGetValue((kind, key), out var value) ? value.ToArray() : null);

    public ValueTask PutAsync(string kind, string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        _records[(kind, key)] = value.ToArray();
        return ValueTask.CompletedTask;
    }

    public ValueTask<bool> DeleteAsync(string kind, string key, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_records.TryRemove((kind, key), out _));

    public async IAsyncEnumerable<KeyValuePair<string, byte[]>> ListAsync(string kind, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        foreach (var ((recordKind, key), value) in _records)
        {
            if (recordKind == kind)
            {
                yield return new KeyValuePair<string, byte[]>(key, value.ToArray());
            }
        }
    }
}
