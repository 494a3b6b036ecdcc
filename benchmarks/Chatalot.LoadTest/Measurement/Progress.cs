using System.Diagnostics;

namespace Chatalot.LoadTest.Measurement;

/// <summary>Prints a status line once a second while a phase runs, so a long run is never silent.</summary>
public sealed class Progress : IDisposable
{
    private readonly Timer _timer;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public Progress(string phase, Func<string> status)
    {
        _timer = new Timer(_ => Console.Error.WriteLine($"  {phase} {_clock.Elapsed.TotalSeconds,5:F0}s  {status()}"), null, 1000, 1000);
    }

    public void Dispose() => _timer.Dispose();
}
