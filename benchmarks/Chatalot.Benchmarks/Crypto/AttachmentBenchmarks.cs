using BenchmarkDotNet.Attributes;
using Chatalot.Crypto;

namespace Chatalot.Benchmarks.Crypto;

/// <summary>Streaming attachment encryption and decryption of 64 MiB (throughput = 64 MiB / mean time).</summary>
[MemoryDiagnoser]
public class AttachmentBenchmarks
{
    private const int Size = 64 * 1024 * 1024;
    private readonly byte[] _plaintext = new byte[Size];
    private byte[] _ciphertext = [];
    private AttachmentSecrets _secrets = null!;
    private AttachmentCipher _cipher = null!;

    [Params(CryptoProviderKind.Sodium, CryptoProviderKind.Managed)]
    public CryptoProviderKind Provider { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        Random.Shared.NextBytes(_plaintext);
        _cipher = new AttachmentCipher(provider: CryptoProvider.Create(Provider));
        using var output = new MemoryStream();
        _secrets = _cipher.EncryptAsync(new MemoryStream(_plaintext), output).AsTask().GetAwaiter().GetResult();
        _ciphertext = output.ToArray();
    }

    [Benchmark]
    public ValueTask<AttachmentSecrets> Encrypt64MiB() => _cipher.EncryptAsync(new MemoryStream(_plaintext, writable: false), Stream.Null);

    [Benchmark]
    public ValueTask Decrypt64MiB() => _cipher.DecryptAsync(new MemoryStream(_ciphertext, writable: false), Stream.Null, _secrets);
}
