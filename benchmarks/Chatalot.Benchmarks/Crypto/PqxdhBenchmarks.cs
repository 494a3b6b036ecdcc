using BenchmarkDotNet.Attributes;
using Chatalot.Crypto;

namespace Chatalot.Benchmarks.Crypto;

/// <summary>PQXDH session start: initiator (verify bundle, 4 DH, 1 ML-KEM-768 encapsulation) and responder.</summary>
[MemoryDiagnoser]
[InvocationCount(FirstMessagesPerIteration)]
public class PqxdhBenchmarks
{
    /// <summary>First messages made before each iteration of <see cref="Respond"/>: a responder refuses a replayed one.</summary>
    private const int FirstMessagesPerIteration = 64;

    private readonly Queue<byte[]> _firstMessages = new();
    private CryptoBenchmarkSetup _setup = null!;

    [Params(CryptoProviderKind.Sodium, CryptoProviderKind.Managed)]
    public CryptoProviderKind Provider { get; set; }

    [GlobalSetup]
    public void Setup() => _setup = CryptoBenchmarkSetup.Create(Provider, establish: false);

    /// <summary>
    /// Fresh first messages, each from a new session (a new base key): since the last-resort replay check
    /// (crypto.md §5.2) the same first message is refused as a duplicate the second time.
    /// </summary>
    [IterationSetup(Target = nameof(Respond))]
    public void MakeFirstMessages()
    {
        _firstMessages.Clear();
        for (var i = 0; i < FirstMessagesPerIteration; i++)
        {
            new SessionBuilder(_setup.Alice, _setup.BobAddress, _setup.Provider).ProcessPreKeyBundleAsync(_setup.Bundle).AsTask().GetAwaiter().GetResult();
            _firstMessages.Enqueue(_setup.AliceCipher.EncryptAsync(new byte[1024]).AsTask().GetAwaiter().GetResult());
        }
    }

    [Benchmark]
    public ValueTask<IdentityChange> Initiate() =>
        new SessionBuilder(_setup.Alice, _setup.BobAddress, _setup.Provider).ProcessPreKeyBundleAsync(_setup.Bundle);

    [Benchmark]
    public async ValueTask<byte[]> Respond()
    {
        // Forget the session so every first message runs the full responder path.
        await _setup.Bob.DeleteSessionAsync(_setup.AliceAddress);
        return await _setup.BobCipher.DecryptAsync(_firstMessages.Dequeue());
    }
}
