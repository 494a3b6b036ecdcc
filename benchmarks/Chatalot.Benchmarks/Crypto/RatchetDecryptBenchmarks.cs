using BenchmarkDotNet.Attributes;
using Chatalot.Crypto;

namespace Chatalot.Benchmarks.Crypto;

/// <summary>
/// Steady-state decrypt of 1 KiB messages arriving in order on an existing chain. The messages of each iteration
/// are produced in the iteration setup, so only the decrypt is measured.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(Count)]
public class RatchetDecryptBenchmarks
{
    private const int Count = 8192;
    private readonly byte[][] _messages = new byte[Count][];
    private CryptoBenchmarkSetup _setup = null!;
    private int _next;

    [Params(CryptoProviderKind.Sodium, CryptoProviderKind.Managed)]
    public CryptoProviderKind Provider { get; set; }

    [GlobalSetup]
    public void Setup() => _setup = CryptoBenchmarkSetup.Create(Provider, establish: true);

    [IterationSetup]
    public void Produce()
    {
        // BenchmarkDotNet may run fewer invocations than produced (jitting runs one); catch the receiver up so
        // the next batch is in order rather than a gap.
        for (; _next > 0 && _next < Count; _next++)
        {
            _setup.BobCipher.DecryptAsync(_messages[_next]).AsTask().GetAwaiter().GetResult();
        }

        var plaintext = new byte[1024];
        for (var i = 0; i < Count; i++)
        {
            _messages[i] = _setup.AliceCipher.EncryptAsync(plaintext).AsTask().GetAwaiter().GetResult();
        }

        _next = 0;
    }

    [Benchmark]
    public ValueTask<byte[]> Decrypt1KiB() => _setup.BobCipher.DecryptAsync(_messages[_next++]);
}
