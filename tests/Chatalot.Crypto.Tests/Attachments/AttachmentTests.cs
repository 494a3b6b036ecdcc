using Chatalot.Crypto.Tests.Support;

namespace Chatalot.Crypto.Tests.Attachments;

public class AttachmentTests
{
    private static readonly AttachmentCipherOptions SmallChunks = new() { ChunkSize = 4096 };

    private static async Task<(byte[] Ciphertext, AttachmentSecrets Secrets)> EncryptAsync(byte[] data, CryptoProvider provider)
    {
        using var output = new MemoryStream();
        var secrets = await new AttachmentCipher(SmallChunks, provider).EncryptAsync(new MemoryStream(data), output);
        return (output.ToArray(), secrets);
    }

    private static async Task<byte[]> DecryptAsync(byte[] ciphertext, AttachmentSecrets secrets, CryptoProvider provider)
    {
        using var output = new MemoryStream();
        await new AttachmentCipher(SmallChunks, provider).DecryptAsync(new MemoryStream(ciphertext), output, secrets);
        return output.ToArray();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4095)]
    [InlineData(4096)]
    [InlineData(4097)]
    [InlineData(3 * 4096)]
    [InlineData(50_000)]
    public async Task RoundTrip_AcrossProviders_AnySize(int size)
    {
        var data = new byte[size];
        Random.Shared.NextBytes(data);
        var (ciphertext, secrets) = await EncryptAsync(data, Providers.Sodium);
        Assert.Equal(AttachmentCipher.GetCiphertextLength(size, 4096), ciphertext.Length);
        Assert.Equal(size, secrets.PlaintextLength);
        Assert.Equal(data, await DecryptAsync(ciphertext, secrets, Providers.Managed));
        var (ciphertext2, secrets2) = await EncryptAsync(data, Providers.Managed);
        Assert.Equal(data, await DecryptAsync(ciphertext2, secrets2, Providers.Sodium));
    }

    [Fact]
    public async Task Truncation_Reordering_Extension_AndBitFlips_AreDetected()
    {
        var data = new byte[4096 * 3 + 100];
        Random.Shared.NextBytes(data);
        var (ciphertext, secrets) = await EncryptAsync(data, Providers.Sodium);
        const int record = 4096 + 16;
        var header = AttachmentCipher.HeaderSize;

        var truncatedAtChunk = ciphertext[..(header + (2 * record))];
        var truncatedMidChunk = ciphertext[..^5];
        var reordered = (byte[])ciphertext.Clone();
        Array.Copy(ciphertext, header, reordered, header + record, record);
        Array.Copy(ciphertext, header + record, reordered, header, record);
        var extended = ciphertext.Concat(ciphertext[header..(header + record)]).ToArray();
        var flipped = (byte[])ciphertext.Clone();
        flipped[header + 10] ^= 1;
        var headerEdited = (byte[])ciphertext.Clone();
        headerEdited[8] ^= 1;

        foreach (var tampered in new[] { truncatedAtChunk, truncatedMidChunk, reordered, extended, flipped, headerEdited, ciphertext[..5] })
        {
            var ex = await Assert.ThrowsAnyAsync<ChatalotCryptoException>(() => DecryptAsync(tampered, secrets, Providers.Sodium));
            Assert.True(ex.Code is CryptoErrorCode.AttachmentIntegrity or CryptoErrorCode.UnsupportedVersion, ex.Code.ToString());
        }
    }

    [Fact]
    public async Task WrongDigest_IsDetected_EvenWhenChunksAuthenticate()
    {
        var (ciphertext, secrets) = await EncryptAsync(new byte[1000], Providers.Sodium);
        var digest = secrets.Digest.ToArray();
        digest[0] ^= 1;
        var wrong = new AttachmentSecrets(secrets.Key, digest, secrets.PlaintextLength);
        var ex = await Assert.ThrowsAsync<InvalidMessageException>(() => DecryptAsync(ciphertext, wrong, Providers.Sodium));
        Assert.Equal(CryptoErrorCode.AttachmentIntegrity, ex.Code);
    }

    [Fact]
    public async Task Secrets_RoundTrip_AndNeverPrintTheKey()
    {
        var (_, secrets) = await EncryptAsync(new byte[10], Providers.Sodium);
        var restored = AttachmentSecrets.Deserialize(secrets.Serialize());
        Assert.Equal(secrets.Key.ToArray(), restored.Key.ToArray());
        Assert.DoesNotContain(Convert.ToHexStringLower(secrets.Key[..8]), secrets.ToString(), StringComparison.Ordinal);
        Assert.Throws<InvalidMessageException>(() => AttachmentSecrets.Deserialize([1, 2, 3]));
    }

    [Fact]
    public void Options_AreValidated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AttachmentCipher(new AttachmentCipherOptions { ChunkSize = 10 }));
        new AttachmentCipherOptions().Validate();
    }

    /// <summary>A readable stream of <paramref name="length"/> pseudo-random bytes with no backing buffer.</summary>
    private sealed class SyntheticStream(long length) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = (int)Math.Min(buffer.Length, length - _position);
            for (var i = 0; i < n; i++)
            {
                buffer[i] = (byte)((_position + i) * 31);
            }

            _position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(Read(buffer.Span));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Fact]
    public async Task Encrypt_UsesConstantMemory_WhateverTheFileSize()
    {
        var cipher = new AttachmentCipher(provider: Providers.Sodium);
        await cipher.EncryptAsync(new SyntheticStream(1 << 20), Stream.Null); // warm up pools and JIT
        var before = GC.GetAllocatedBytesForCurrentThread();
        var secrets = await cipher.EncryptAsync(new SyntheticStream(48L << 20), Stream.Null);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(48L << 20, secrets.PlaintextLength);
        Assert.True(allocated < 256 * 1024, $"allocated {allocated} bytes for 48 MiB");
    }
}

public class AttachmentBoundaryTests
{
    [Fact]
    public void ChunkIndex_StopsAt2Pow32Chunks_WithATypedError()
    {
        Assert.Equal(uint.MaxValue, AttachmentCipher.NextChunkIndex(uint.MaxValue - 1)); // chunk 2^32 − 1 is the last allowed
        var ex = Assert.Throws<InvalidMessageException>(() => AttachmentCipher.NextChunkIndex(uint.MaxValue));
        Assert.Equal(CryptoErrorCode.AttachmentIntegrity, ex.Code);
    }
}
