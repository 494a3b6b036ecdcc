namespace Chatalot.Fuzz.Seeds;

/// <summary>
/// Writes each target's seeds to <c>fuzz/corpus/&lt;target&gt;/</c>. Existing files are kept (crash regressions and
/// interesting inputs added by hand live there too); a seed is overwritten only when its name is the same.
/// </summary>
public static class SeedWriter
{
    /// <summary>Writes the seeds of every target.</summary>
    /// <param name="root">The corpus folder.</param>
    /// <param name="log">Where to report what was written.</param>
    public static void Write(string root, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(log);
        foreach (var target in FuzzTargets.All)
        {
            var folder = Path.Combine(root, target.Name);
            Directory.CreateDirectory(folder);
            var count = 0;
            foreach (var (name, data) in target.CreateSeeds())
            {
                File.WriteAllBytes(Path.Combine(folder, name), data);
                count++;
            }

            log.WriteLine($"{target.Name}: {count} seeds");
        }
    }
}
