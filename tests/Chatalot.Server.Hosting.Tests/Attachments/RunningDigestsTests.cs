using System.Security.Cryptography;
using Chatalot.Server.Hosting.Attachments.Internal;

namespace Chatalot.Server.Hosting.Tests.Attachments;

/// <summary>
/// The running upload digest is used only when it covered exactly the stored bytes; every other case falls back to
/// hashing the stored file (the integration tests' resumed and cut uploads go through that path).
/// </summary>
public sealed class RunningDigestsTests
{
    private static readonly byte[] First = RandomNumberGenerator.GetBytes(1000);
    private static readonly byte[] Second = RandomNumberGenerator.GetBytes(777);

    [Fact]
    public void ChunksInOrder_GiveTheSha256OfTheWholeUpload()
    {
        var digests = new RunningDigests();
        var id = Guid.NewGuid();

        Append(digests, id, 0, First, stored: First.Length);
        Append(digests, id, First.Length, Second, stored: First.Length + Second.Length);

        Assert.Equal(SHA256.HashData([.. First, .. Second]), digests.Finish(id, First.Length + Second.Length));
        Assert.Null(digests.Finish(id, First.Length + Second.Length));
    }

    [Fact]
    public void AChunkNotKeptWhole_DropsTheDigest_AndTheUploadIsHashedAtCompletion()
    {
        var digests = new RunningDigests();
        var id = Guid.NewGuid();

        Append(digests, id, 0, First, stored: 600);

        Assert.Null(digests.Take(id, 600));
        Assert.Null(digests.Finish(id, 600));
    }

    [Fact]
    public void AnAppendAtAnotherOffset_GetsNoDigest_AndForgetsTheOldOne()
    {
        var digests = new RunningDigests();
        var id = Guid.NewGuid();
        Append(digests, id, 0, First, stored: First.Length);

        // Another node appended meanwhile: this node's digest stops short of the stored bytes.
        Assert.Null(digests.Take(id, First.Length + 50));
        Assert.Null(digests.Finish(id, First.Length));
    }

    [Fact]
    public void RacingAppendsAtTheSameOffset_OnlyOneGetsTheDigest()
    {
        var digests = new RunningDigests();
        var id = Guid.NewGuid();
        Append(digests, id, 0, First, stored: First.Length);

        var winner = digests.Take(id, First.Length);
        var loser = digests.Take(id, First.Length);

        Assert.NotNull(winner);
        Assert.Null(loser);
        winner.Append(Second);
        digests.Return(id, winner, First.Length + Second.Length);
        Assert.Equal(SHA256.HashData([.. First, .. Second]), digests.Finish(id, First.Length + Second.Length));
    }

    [Fact]
    public void ForgottenOrShorterThanTheUpload_GivesNoDigest()
    {
        var digests = new RunningDigests();
        var forgotten = Guid.NewGuid();
        var partial = Guid.NewGuid();
        Append(digests, forgotten, 0, First, stored: First.Length);
        Append(digests, partial, 0, First, stored: First.Length);

        digests.Forget(forgotten);

        Assert.Null(digests.Finish(forgotten, First.Length));
        Assert.Null(digests.Finish(partial, First.Length + 1));
    }

    [Fact]
    public void PastTheTrackingLimit_NewUploadsGetNoDigest()
    {
        var digests = new RunningDigests();
        for (var i = 0; i < RunningDigests.MaxTracked; i++)
        {
            Append(digests, Guid.NewGuid(), 0, [1], stored: 1);
        }

        Assert.Null(digests.Take(Guid.NewGuid(), 0));
    }

    private static void Append(RunningDigests digests, Guid id, long offset, byte[] data, long stored)
    {
        var digest = digests.Take(id, offset);
        Assert.NotNull(digest);
        digest.Append(data);
        digests.Return(id, digest, stored);
    }
}
