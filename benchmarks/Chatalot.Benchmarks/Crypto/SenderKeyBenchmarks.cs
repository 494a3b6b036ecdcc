using BenchmarkDotNet.Attributes;
using Chatalot.Crypto;

namespace Chatalot.Benchmarks.Crypto;

/// <summary>Sender-key encrypt (with Ed25519 signature) and decrypt (with verification) of 1 KiB.</summary>
[MemoryDiagnoser]
[InvocationCount(Count)]
public class SenderKeyBenchmarks : IDisposable
{
    private const int Count = 4096;
    private readonly byte[] _plaintext = new byte[1024];
    private readonly byte[][] _messages = new byte[Count][];
    private GroupCipher _sender = null!;
    private GroupCipher _receiver = null!;
    private int _next;

    [Params(CryptoProviderKind.Sodium, CryptoProviderKind.Managed)]
    public CryptoProviderKind Provider { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var provider = CryptoProvider.Create(Provider);
        var senderStore = new InMemoryProtocolStore(IdentityKeyPair.Generate(provider), new ProtocolAddress("alice", 1));
        var receiverStore = new InMemoryProtocolStore(IdentityKeyPair.Generate(provider), new ProtocolAddress("bob", 1));
        var name = new SenderKeyName("channel", new ProtocolAddress("alice", 1));
        var distribution = new GroupSessionBuilder(senderStore, provider).CreateDistributionMessageAsync(name).AsTask().GetAwaiter().GetResult();
        new GroupSessionBuilder(receiverStore, provider).ProcessAsync(name, distribution).AsTask().GetAwaiter().GetResult();
        _sender = new GroupCipher(senderStore, name, provider);
        _receiver = new GroupCipher(receiverStore, name, provider);
    }

    [IterationSetup(Target = nameof(Decrypt1KiB))]
    public void Produce()
    {
        // Catch the receiver up on messages a previous (shorter) run did not consume.
        for (; _next > 0 && _next < Count; _next++)
        {
            _receiver.DecryptAsync(_messages[_next]).AsTask().GetAwaiter().GetResult();
        }

        for (var i = 0; i < Count; i++)
        {
            _messages[i] = _sender.EncryptAsync(_plaintext).AsTask().GetAwaiter().GetResult();
        }

        _next = 0;
    }

    [Benchmark]
    public ValueTask<byte[]> Encrypt1KiB() => _sender.EncryptAsync(_plaintext);

    [Benchmark]
    public ValueTask<byte[]> Decrypt1KiB() => _receiver.DecryptAsync(_messages[_next++]);

    [GlobalCleanup]
    public void Dispose()
    {
        _sender?.Dispose();
        _receiver?.Dispose();
    }
}
