namespace Chatalot.Client.Encryption.Internal;

/// <summary>
/// Serialises the read-advance-write of one piece of ratchet state (a session or a sender-key record): two concurrent
/// users of the same record would otherwise lose one update. Locks are striped over a fixed array, so memory stays
/// bounded however many peers a device meets. Callers never hold two of these at once (a stripe may be shared).
/// </summary>
internal sealed class StateLocks : IDisposable
{
    private const int Stripes = 64;
    private readonly SemaphoreSlim[] _locks = [.. Enumerable.Range(0, Stripes).Select(_ => new SemaphoreSlim(1, 1))];

    public static string SessionKey(Crypto.ProtocolAddress address) => "session:" + address.UserId;

    public static string SenderKeyKey(Guid channel, Crypto.ProtocolAddress sender) => "senderkey:" + channel.ToString("D") + ":" + sender.UserId;

    public async Task<T> RunAsync<T>(string key, Func<Task<T>> body, CancellationToken cancellationToken)
    {
        var gate = _locks[(int)((uint)StringComparer.Ordinal.GetHashCode(key) % Stripes)];
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await body().ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose()
    {
        foreach (var gate in _locks)
        {
            gate.Dispose();
        }
    }
}
