namespace Chatalot.LoadTest.Targets;

/// <summary>Finds the server assemblies the load tool's project references built next to it in the repository.</summary>
internal static class BuildOutput
{
    public static string ServerDll(string project) =>
        Path.Combine(RepoRoot(), project.StartsWith("Chatalot.Samples", StringComparison.Ordinal) ? "samples" : "benchmarks", project, "bin", Configuration(), "net10.0", project + ".dll");

    private static string Configuration()
    {
        // .../bin/<Configuration>/net10.0/
        var dir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        return dir.Parent?.Name ?? "Release";
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Chatalot.Sdk.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Run the load tool from its build output inside the repository.");
    }
}
