using System.Security.Cryptography;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Server.Hosting;
using Chatalot.Server.Hosting.Attachments.Internal;
using Chatalot.Server.Hosting.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Chatalot.IntegrationTests.Server;

/// <summary>
/// What every <see cref="IChatalotBlobStore"/> guarantees (offset-checked appends that never interleave, partial bytes
/// kept or dropped on the caller's word, ranged reads, deletes), run against each implementation: the file system and
/// PostgreSQL for real.
/// </summary>
public abstract class BlobStoreConformanceTests : IAsyncLifetime
{
    protected IChatalotBlobStore Store { get; set; } = null!;

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    private static Func<Exception?, bool> KeepAll => _ => true;

    [Fact]
    public async Task Append_AtTheEnd_GrowsTheBlob_AndReadsBackAnyRange()
    {
        var id = Guid.NewGuid();
        var data = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 123); // spans several 1 MiB chunks
        Assert.Equal(0, await Store.GetLengthAsync(id, default));
        var first = await Store.AppendAsync(id, 0, new MemoryStream(data, 0, 1_500_000), KeepAll, default);
        Assert.Equal(new BlobAppendResult(true, 1_500_000), first);
        var second = await Store.AppendAsync(id, 1_500_000, new MemoryStream(data, 1_500_000, data.Length - 1_500_000), KeepAll, default);
        Assert.Equal(new BlobAppendResult(true, data.Length), second);
        Assert.Equal(data.Length, await Store.GetLengthAsync(id, default));
        await Store.FlushAsync(id, default);

        Assert.Equal(data, await ReadAsync(id, 0, data.Length));
        Assert.Equal(data[1_048_000..1_049_000], await ReadAsync(id, 1_048_000, 1000));
        Assert.Equal(data[^7..], await ReadAsync(id, data.Length - 7, 7));
        await Assert.ThrowsAsync<InvalidDataException>(() => ReadAsync(id, data.Length - 7, 8));
    }

    [Fact]
    public async Task Append_AtTheWrongOffset_ReadsAndWritesNothing()
    {
        var id = Guid.NewGuid();
        await Store.AppendAsync(id, 0, new MemoryStream(new byte[100]), KeepAll, default);
        var source = new MemoryStream(new byte[50]);
        Assert.Equal(new BlobAppendResult(false, 100), await Store.AppendAsync(id, 40, source, KeepAll, default));
        Assert.Equal(0, source.Position);
        Assert.Equal(100, await Store.GetLengthAsync(id, default));
    }

    [Fact]
    public async Task Append_Refused_PutsTheBlobBack_AndAFailingSourceKeepsWhatArrivedWhenAsked()
    {
        var id = Guid.NewGuid();
        var data = RandomNumberGenerator.GetBytes(2 * 1024 * 1024);
        await Store.AppendAsync(id, 0, new MemoryStream(data, 0, 1000), KeepAll, default);
        var refused = await Store.AppendAsync(id, 1000, new MemoryStream(data, 1000, 1_500_000), _ => false, default);
        Assert.Equal(new BlobAppendResult(true, 1000), refused);

        var failing = new FailingStream(data.AsMemory(1000, 1_200_000));
        await Assert.ThrowsAsync<IOException>(async () => await Store.AppendAsync(id, 1000, failing, e => e is IOException, default));
        Assert.Equal(1_201_000, await Store.GetLengthAsync(id, default));
        Assert.Equal(data[..1_201_000], await ReadAsync(id, 0, 1_201_000));

        await Assert.ThrowsAsync<IOException>(async () => await Store.AppendAsync(id, 1_201_000, new FailingStream(data.AsMemory(0, 5000)), _ => false, default));
        Assert.Equal(1_201_000, await Store.GetLengthAsync(id, default));
    }

    [Fact]
    public async Task ConcurrentAppends_NeverInterleave_TheSecondIsRefusedWhileTheFirstRuns()
    {
        var id = Guid.NewGuid();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = new HeldStream(new byte[1000], started, release.Task);
        var first = Store.AppendAsync(id, 0, held, KeepAll, default).AsTask();
        await started.Task;
        var second = await Store.AppendAsync(id, 0, new MemoryStream(new byte[10]), KeepAll, default);
        Assert.False(second.Appended);
        release.SetResult();
        Assert.Equal(new BlobAppendResult(true, 1000), await first);
        Assert.Equal(1000, await Store.GetLengthAsync(id, default));
    }

    [Fact]
    public async Task Delete_RemovesTheBlob_AndIsIdempotent()
    {
        var id = Guid.NewGuid();
        await Store.AppendAsync(id, 0, new MemoryStream(new byte[10]), KeepAll, default);
        await Store.DeleteAsync(id, default);
        await Store.DeleteAsync(id, default);
        await Store.DeleteAsync(Guid.NewGuid(), default);
        Assert.Equal(0, await Store.GetLengthAsync(id, default));
        Assert.Equal(new BlobAppendResult(true, 3), await Store.AppendAsync(id, 0, new MemoryStream(new byte[3]), KeepAll, default));
    }

    private async Task<byte[]> ReadAsync(Guid id, long offset, long length)
    {
        using var destination = new MemoryStream();
        await Store.ReadAsync(id, offset, length, destination, default);
        return destination.ToArray();
    }

    /// <summary>Yields its bytes in small reads, then fails as a dropped connection does.</summary>
    private sealed class FailingStream(ReadOnlyMemory<byte> data) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position == data.Length)
            {
                throw new IOException("The connection dropped.");
            }

            var n = Math.Min(Math.Min(buffer.Length, 70_000), data.Length - _position);
            data.Slice(_position, n).CopyTo(buffer);
            _position += n;
            return ValueTask.FromResult(n);
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>Signals its first read, then holds its bytes back until released.</summary>
    private sealed class HeldStream(byte[] data, TaskCompletionSource started, Task release) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            started.TrySetResult();
            await release;
            var n = Math.Min(buffer.Length, data.Length - _position);
            data.AsMemory(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

public sealed class FileSystemBlobStoreTests : BlobStoreConformanceTests
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "chatalot-blobs", Guid.NewGuid().ToString("N"));

    public override Task InitializeAsync()
    {
        Store = new FileSystemBlobStore(_root);
        return Task.CompletedTask;
    }

    public override Task DisposeAsync()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task Files_AreOwnerOnly()
    {
        var id = Guid.NewGuid();
        await Store.AppendAsync(id, 0, new MemoryStream(new byte[10]), _ => true, default);
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var file = Directory.GetFiles(_root, "*", SearchOption.AllDirectories).Single();
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(file)!));
    }
}

public sealed class PostgresBlobStoreTests : BlobStoreConformanceTests
{
    private ChatalotTestServer _server = null!;

    public override async Task InitializeAsync()
    {
        // A real server creates the schema (attachment_chunks) through its migrations.
        _server = await ChatalotTestServer.StartAsync(ChatalotDatabaseProvider.PostgreSql, o => o with { Attachments = o.Attachments with { Store = ChatalotAttachmentStore.PostgreSql } });
        Store = _server.Services.GetRequiredService<IChatalotBlobStore>();
        Assert.IsType<PostgresBlobStore>(Store);
    }

    public override async Task DisposeAsync() => await _server.DisposeAsync();
}
