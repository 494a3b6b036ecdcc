namespace Chatalot.Fuzz;

/// <summary>Runs saved inputs (a crash to reproduce, a corpus to check) once each, without the fuzzer.</summary>
public static class Replay
{
    /// <summary>Runs every file given, or found in the folders given, through <paramref name="target"/>.</summary>
    /// <param name="target">The target.</param>
    /// <param name="paths">Files or folders.</param>
    /// <param name="output">Where to report each failure and the summary.</param>
    /// <returns>0 when every input kept the contract, 1 otherwise.</returns>
    public static int Run(FuzzTarget target, IEnumerable<string> paths, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(output);
        int passed = 0, failed = 0;
        foreach (var file in paths.SelectMany(p => Directory.Exists(p) ? Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories).Order() : (IEnumerable<string>)[p]))
        {
            try
            {
                target.Run(File.ReadAllBytes(file));
                passed++;
            }
            catch (Exception ex)
            {
                failed++;
                output.WriteLine($"{file}: {ex}");
            }
        }

        output.WriteLine($"{target.Name}: {passed} passed, {failed} failed");
        return failed == 0 ? 0 : 1;
    }
}
