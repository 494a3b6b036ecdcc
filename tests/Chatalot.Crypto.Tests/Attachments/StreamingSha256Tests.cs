using System.Security.Cryptography;
using Chatalot.Crypto.Attachments.Internal;

namespace Chatalot.Crypto.Tests.Attachments;

/// <summary>
/// The attachment digest's incremental SHA-256: the browser's (BouncyCastle's digest, which hashes as it goes) and
/// everyone else's (<see cref="IncrementalHash"/>) give SHA-256 of the whole input, however it is cut, and start over.
/// </summary>
public class StreamingSha256Tests
{
    [Theory]
    [InlineData(true, 0)]
    [InlineData(true, 1)]
    [InlineData(true, 63)]
    [InlineData(true, 64)]
    [InlineData(true, 65_600)]
    [InlineData(true, 1_000_003)]
    [InlineData(false, 0)]
    [InlineData(false, 65_600)]
    [InlineData(false, 1_000_003)]
    public void AnyCut_HashesTheWholeInput_AndStartsOver(bool useDigest, int size)
    {
        var data = new byte[size];
        Random.Shared.NextBytes(data);
        var expected = SHA256.HashData(data);
        using var hash = StreamingSha256.Create(useDigest);
        for (var round = 0; round < 2; round++)
        {
            // Pieces of 0 to 70,000 bytes, crossing block and cipher-chunk boundaries.
            for (var offset = 0; offset < size;)
            {
                var piece = Math.Min(size - offset, Random.Shared.Next(0, 70_000));
                hash.Append(data.AsSpan(offset, piece));
                offset += piece;
            }

            Assert.Equal(expected, hash.GetHashAndReset());
        }
    }
}
