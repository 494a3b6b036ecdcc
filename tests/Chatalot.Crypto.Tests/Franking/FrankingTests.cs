using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Chatalot.Protocol.Messages;
using CsCheck;

namespace Chatalot.Crypto.Tests.Franking;

/// <summary>Message franking (crypto.md §14): the commitment and tag layouts, verification, and what breaks it.</summary>
public class FrankingTests
{
    private static readonly FrankingContext Context = new(Guid.Parse("0193a5c0-0000-7000-8000-0000000a11ce"), 11, Guid.Parse("0193a5c0-0000-7000-8000-00000000c0de"), "0193a5c000017000800000000000c001");

    [Fact]
    public void Commitment_IsHmacSha256_OverTheLengthPrefixedLayoutOfTheSpec()
    {
        var fk = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var plaintext = Encoding.UTF8.GetBytes("{\"v\":1}");

        // Built by hand from crypto.md §14.2, independently of FrankingFormat.
        var input = new List<byte>();
        void Lp(byte[] field)
        {
            var length = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(length, (uint)field.Length);
            input.AddRange(length);
            input.AddRange(field);
        }

        Lp(Encoding.ASCII.GetBytes("chatalot/franking/v1/commitment"));
        Lp(plaintext);
        Lp(Context.SenderId.ToByteArray(bigEndian: true));
        var device = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(device, Context.SenderDeviceId);
        Lp(device);
        Lp(Context.ChannelId.ToByteArray(bigEndian: true));
        Lp(Encoding.ASCII.GetBytes(Context.IdempotencyKey));

        Assert.Equal(HMACSHA256.HashData(fk, input.ToArray()), Chatalot.Crypto.Franking.Commit(fk, plaintext, Context));
    }

    [Fact]
    public void Tag_IsHmacSha256_OverTheLengthPrefixedLayoutOfTheSpec()
    {
        var serverKey = new byte[32];
        serverKey[0] = 7;
        var commitment = Enumerable.Repeat((byte)0xc0, 32).ToArray();
        var message = Guid.Parse("0193a5c0-0002-7000-8000-000000000001");
        var time = DateTimeOffset.FromUnixTimeMilliseconds(1_767_225_600_123);
        var input = new List<byte>();
        void Lp(byte[] field)
        {
            var length = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(length, (uint)field.Length);
            input.AddRange(length);
            input.AddRange(field);
        }

        Lp(Encoding.ASCII.GetBytes("chatalot/franking/v1/tag"));
        Lp(commitment);
        Lp(Context.SenderId.ToByteArray(bigEndian: true));
        Lp(Context.ChannelId.ToByteArray(bigEndian: true));
        Lp(message.ToByteArray(bigEndian: true));
        var ms = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(ms, time.ToUnixTimeMilliseconds());
        Lp(ms);

        var tag = FrankingFormat.Tag(serverKey, commitment, Context.SenderId, Context.ChannelId, message, time);
        Assert.Equal(HMACSHA256.HashData(serverKey, input.ToArray()), tag);

        // Sub-millisecond precision is dropped, so a time read back from any database verifies.
        Assert.True(FrankingFormat.VerifyTag(tag, serverKey, commitment, Context.SenderId, Context.ChannelId, message, time.AddTicks(9_999)));
        Assert.True(Chatalot.Crypto.Franking.VerifyOpening([], [], Context, [], [], serverKey, message, time) == false);
    }

    [Fact]
    public void Verify_AcceptsTheOpening_AndRefusesMalformedInputs_WithoutThrowing()
    {
        var fk = Chatalot.Crypto.Franking.NewKey();
        var plaintext = "hello"u8.ToArray();
        var c = Chatalot.Crypto.Franking.Commit(fk, plaintext, Context);

        Assert.True(Chatalot.Crypto.Franking.Verify(c, fk, plaintext, Context));
        Assert.False(Chatalot.Crypto.Franking.Verify(c.AsSpan(0, 31), fk, plaintext, Context));
        Assert.False(Chatalot.Crypto.Franking.Verify(c, fk.AsSpan(0, 16), plaintext, Context));
        Assert.False(Chatalot.Crypto.Franking.Verify([], [], [], default));
        Assert.Throws<InvalidKeyException>(() => Chatalot.Crypto.Franking.Commit(new byte[16], plaintext, Context));

        Chatalot.Crypto.Franking.Clear(fk);
        Assert.All(fk, b => Assert.Equal(0, b));
    }

    [Fact]
    public void AnyChange_ToPlaintextKeySenderDeviceChannelOrIdempotencyKey_BreaksVerification()
    {
        Gen.Select(Gen.Byte.Array[1, 300], Gen.Byte.Array[32], Gen.Int[0, 5], Gen.Int[0, int.MaxValue]).Sample((plaintext, fk, field, salt) =>
        {
            var c = Chatalot.Crypto.Franking.Commit(fk, plaintext, Context);
            Assert.True(Chatalot.Crypto.Franking.Verify(c, fk, plaintext, Context));

            var p = (byte[])plaintext.Clone();
            var k = (byte[])fk.Clone();
            var ctx = Context;
            switch (field)
            {
                case 0:
                    p[salt % p.Length] ^= (byte)(1 << (salt % 8));
                    break;
                case 1:
                    k[salt % k.Length] ^= (byte)(1 << (salt % 8));
                    break;
                case 2:
                    ctx = ctx with { SenderId = Guid.CreateVersion7() };
                    break;
                case 3:
                    ctx = ctx with { SenderDeviceId = ctx.SenderDeviceId + 1 + (salt % 1000) };
                    break;
                case 4:
                    ctx = ctx with { ChannelId = Guid.CreateVersion7() };
                    break;
                default:
                    ctx = ctx with { IdempotencyKey = ctx.IdempotencyKey + "x" };
                    break;
            }

            Assert.False(Chatalot.Crypto.Franking.Verify(c, k, p, ctx));
        }, iter: 500);
    }

    [Fact]
    public void LengthPrefixes_KeepFieldBoundaries_ApartFromEachOther()
    {
        // Moving bytes between the plaintext and the idempotency key changes the commitment.
        var fk = new byte[32];
        var a = Chatalot.Crypto.Franking.Commit(fk, "ab"u8, Context with { IdempotencyKey = "c" });
        var b = Chatalot.Crypto.Franking.Commit(fk, "a"u8, Context with { IdempotencyKey = "bc" });
        Assert.NotEqual(a, b);
    }
}
