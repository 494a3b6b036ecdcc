using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Chatalot.Client;
using Chatalot.Client.Attachments;
using Chatalot.Client.Rest;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Attachments;
using Chatalot.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// Run with: dotnet run -c Release --project benchmarks/Chatalot.UploadThroughput -- [size in MiB, default 1024] [rounds, default 2]
// Each round sends the same bytes twice, the raw baseline then the SDK, to one in-process server (SQLite, file-system
// blob store) on loopback; the file is generated as it is read, so neither side holds it in memory.
var sizeMiB = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1024;
var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2;
var size = (long)sizeMiB * 1024 * 1024;
var data = Path.Combine(Path.GetTempPath(), "chatalot-upload-bench-" + Guid.NewGuid().ToString("N")[..8]);

var builder = WebApplication.CreateSlimBuilder();
builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddChatalotServer(configure: o => o with
{
    DataDirectory = data,
    RegistrationMode = RegistrationMode.Open,
    SetupCode = "BENCHMARK-SETUP-CODE",
    RateLimits = o.RateLimits with { Enabled = false },
    Attachments = o.Attachments with { MaxAttachmentBytes = size + (64L * 1024 * 1024), UserQuotaBytes = null },
});
await using var app = builder.Build();
app.MapChatalot();
await app.StartAsync();
var url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

using var rest = ChatalotRestClient.Create(new ChatalotClientOptions { ServerUrl = url, RequestTimeout = TimeSpan.FromMinutes(2) });
await rest.RegisterAsync(new RegisterRequest("bench" + Guid.NewGuid().ToString("N")[..6], "a long enough password", SetupCode: "BENCHMARK-SETUP-CODE"));
var attachments = new AttachmentClient(rest);

Console.WriteLine($"Upload of {sizeMiB} MiB, {Environment.ProcessorCount} cores, {RuntimeInformationText()}");
Console.WriteLine("round | path     | MB/s   | seconds | peak working set (MiB) | allocated (MiB)");
for (var round = 1; round <= rounds; round++)
{
    await Measure(round, "raw PATCH", () => RawAsync(rest, size));
    await Measure(round, "SDK", async () => await attachments.UploadAsync(new GeneratedStream(size), new AttachmentUpload("bench.bin", "application/octet-stream")));
}

await app.StopAsync();
try
{
    Directory.Delete(data, recursive: true);
}
catch (IOException)
{
}

async Task Measure(int round, string name, Func<Task> run)
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    var process = Process.GetCurrentProcess();
    process.Refresh();
    var peak = process.WorkingSet64;
    using var stop = new CancellationTokenSource();
    var sampler = Task.Run(async () =>
    {
        while (!stop.IsCancellationRequested)
        {
            process.Refresh();
            peak = Math.Max(peak, process.WorkingSet64);
            await Task.Delay(20, CancellationToken.None);
        }
    });
    var allocated = GC.GetTotalAllocatedBytes(precise: true);
    var clock = Stopwatch.StartNew();
    await run();
    clock.Stop();
    allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
    await stop.CancelAsync();
    await sampler;
    Console.WriteLine($"{round,5} | {name,-8} | {size / 1e6 / clock.Elapsed.TotalSeconds,6:F0} | {clock.Elapsed.TotalSeconds,7:F2} | {peak / 1048576.0,22:F0} | {allocated / 1048576.0,15:F1}");
}

// The baseline: the same number of bytes, unencrypted, as 8 MiB PATCH requests from one reused buffer (hashed for the
// completing digest, as the SDK hashes its ciphertext), over a plain HttpClient to the same server.
static async Task RawAsync(ChatalotRestClient rest, long size)
{
    const int Chunk = 8 * 1024 * 1024;
    var upload = await rest.CreateUploadAsync(new CreateUploadRequest(size));
    var buffer = new byte[Chunk];
    using var source = new GeneratedStream(size);
    using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    long offset = 0;
    while (offset < size)
    {
        var read = await source.ReadAtLeastAsync(buffer, Chunk, throwOnEndOfStream: false);
        hash.AppendData(buffer, 0, read);
        offset = await rest.AppendUploadAsync(upload.Id, offset, buffer.AsMemory(0, read));
    }

    await rest.CompleteUploadAsync(upload.Id, hash.GetHashAndReset());
}

static string RuntimeInformationText() => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;

/// <summary>A file of any length generated as it is read (a cheap pattern), never held in memory.</summary>
internal sealed class GeneratedStream(long length) : Stream
{
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => _position = value;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var count = (int)Math.Min(buffer.Length, length - _position);
        buffer[..count].Fill((byte)(_position >> 20));
        _position += count;
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
