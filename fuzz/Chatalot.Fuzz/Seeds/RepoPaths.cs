namespace Chatalot.Fuzz.Seeds;

/// <summary>Finds the repository (the folder holding Chatalot.Sdk.sln) from the working or the program's folder.</summary>
public static class RepoPaths
{
    /// <summary>The repository root.</summary>
    /// <exception cref="DirectoryNotFoundException">Not run from inside the repository.</exception>
    public static string Root { get; } = Find(Environment.CurrentDirectory) ?? Find(AppContext.BaseDirectory)
        ?? throw new DirectoryNotFoundException("Run from inside the repository (no Chatalot.Sdk.sln above this folder).");

    /// <summary>The committed corpus: <c>fuzz/corpus</c>.</summary>
    public static string Corpus => Path.Combine(Root, "fuzz", "corpus");

    private static string? Find(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Chatalot.Sdk.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
