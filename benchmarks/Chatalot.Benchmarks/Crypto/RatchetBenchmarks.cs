using BenchmarkDotNet.Attributes;
using Chatalot.Crypto;

namespace Chatalot.Benchmarks.Crypto;

/// <summary>Double Ratchet on an existing chain (1 KiB), and a ping-pong round trip with two DH ratchet steps.</summary>
[MemoryDiagnoser]
public class RatchetBenchmarks
{
    private readonly byte[] _plaintext = new byte[1024];
    private readonly byte[] _key = new byte[32];
    private readonly byte[] _nonce = new byte[12];
    private readonly byte[] _aeadOutput = new byte[1024 + 16];
    private CryptoBenchmarkSetup _setup = null!;

    [Params(CryptoProviderKind.Sodium, CryptoProviderKind.Managed)]
    public CryptoProviderKind Provider { get; set; }

    [GlobalSetup]
    public void Setup() => _setup = CryptoBenchmarkSetup.Create(Provider, establish: true);

    /// <summary>The bare AEAD over 1 KiB, the floor under a ratchet message.</summary>
    [Benchmark(Baseline = true)]
    public void Aead1KiB() => _setup.Provider.Primitives.AeadEncrypt(_key, _nonce, _plaintext, _nonce, _aeadOutput);

    [Benchmark]
    public ValueTask<byte[]> Encrypt1KiB() => _setup.AliceCipher.EncryptAsync(_plaintext);

    [Benchmark]
    public async ValueTask<byte[]> PingPongWithDhRatchet()
    {
        var ping = await _setup.AliceCipher.EncryptAsync(_plaintext);
        await _setup.BobCipher.DecryptAsync(ping);
        var pong = await _setup.BobCipher.EncryptAsync(_plaintext);
        return await _setup.AliceCipher.DecryptAsync(pong);
    }
}
