using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;

namespace Chatalot.Benchmarks.Baselines;

/// <summary>
/// Platform primitives measured in the same run as our own code, so every report has a
/// machine-local baseline to express ratios against.
/// </summary>
[MemoryDiagnoser]
public class HashBaselineBenchmarks
{
    private readonly byte[] _message = new byte[1024];
    private readonly byte[] _key = new byte[32];
    private readonly byte[] _output = new byte[32];

    [GlobalSetup]
    public void Setup()
    {
        RandomNumberGenerator.Fill(_message);
        RandomNumberGenerator.Fill(_key);
    }

    [Benchmark(Baseline = true)]
    public int Sha256_1KiB() => SHA256.HashData(_message, _output);

    [Benchmark]
    public int HmacSha256_1KiB() => HMACSHA256.HashData(_key, _message, _output);
}
