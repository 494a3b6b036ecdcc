using BenchmarkDotNet.Attributes;
using Chatalot.Crypto;

namespace Chatalot.Benchmarks.Crypto;

/// <summary>PQXDH session start: initiator (verify bundle, 4 DH, 1 ML-KEM-768 encapsulation) and responder.</summary>
[MemoryDiagnoser]
public class PqxdhBenchmarks
{
    private CryptoBenchmarkSetup _setup = null!;
    private byte[] _firstMessage = [];

    [Params(CryptoProviderKind.Sodium, CryptoProviderKind.Managed)]
    public CryptoProviderKind Provider { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _setup = CryptoBenchmarkSetup.Create(Provider, establish: false);
        _firstMessage = _setup.AliceCipher.EncryptAsync(new byte[1024]).AsTask().GetAwaiter().GetResult();
    }

    [Benchmark]
    public ValueTask<IdentityChange> Initiate() =>
        new SessionBuilder(_setup.Alice, _setup.BobAddress, _setup.Provider).ProcessPreKeyBundleAsync(_setup.Bundle);

    [Benchmark]
    public async ValueTask<byte[]> Respond()
    {
        // Forget the session so the same first message runs the full responder path every time.
        await _setup.Bob.DeleteSessionAsync(_setup.AliceAddress);
        return await _setup.BobCipher.DecryptAsync(_firstMessage);
    }
}
