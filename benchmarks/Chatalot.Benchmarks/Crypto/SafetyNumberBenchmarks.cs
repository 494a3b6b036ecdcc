using BenchmarkDotNet.Attributes;
using Chatalot.Crypto;

namespace Chatalot.Benchmarks.Crypto;

/// <summary>Safety number computation (2 × 5,200 SHA-512 iterations).</summary>
[MemoryDiagnoser]
public class SafetyNumberBenchmarks
{
    private IdentityKey _alice = null!;
    private IdentityKey _bob = null!;
    private CryptoProvider _provider = null!;

    [Params(CryptoProviderKind.Sodium, CryptoProviderKind.Managed)]
    public CryptoProviderKind Provider { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _provider = CryptoProvider.Create(Provider);
        _alice = IdentityKeyPair.Generate(_provider).PublicKey;
        _bob = IdentityKeyPair.Generate(_provider).PublicKey;
    }

    [Benchmark]
    public string Compute() => SafetyNumber.Create("alice", _alice, "bob", _bob, _provider).Digits;
}
