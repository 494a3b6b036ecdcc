using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Chatalot.Client.Storage;

namespace Chatalot.Client.Tests.Storage;

/// <summary>
/// A host-supplied <see cref="IDeviceStore"/> as a browser or mobile host would write one, minus the encryption: a
/// real implementation of the seam (no mock) that copies values in and out and counts writes.
/// </summary>
internal sealed class DictionaryDeviceStore : IDeviceStore, IAsyncDisposable
{
    private readonly ConcurrentDictionary<(string Kind, string Key), byte[]> _records = new();

    public int Writes;

    public bool Disposed { get; private set; }

    public int Count => _records.Count;

    public ValueTask<byte[]?> GetAsync(string kind, string key, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_records.TryGetValue((kind, key), out var value) ? value.ToArray() : null);

    public ValueTask PutAsync(string kind, string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Disposed, this);
        _records[(kind, key)] = value.ToArray();
        Interlocked.Increment(ref Writes);
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

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }
}
