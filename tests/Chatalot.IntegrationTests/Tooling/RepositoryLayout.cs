namespace Chatalot.IntegrationTests.Tooling;

/// <summary>Finds the repository root and the build configuration the tests were built with.</summary>
internal static class RepositoryLayout
{
    public static string Root { get; } = FindRoot();

    /// <summary>"Debug" or "Release": the configuration of this test assembly, and so of the src/ builds.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";

    public static IReadOnlyList<string> PackageProjects { get; } =
        ["Chatalot.Protocol", "Chatalot.Crypto", "Chatalot.Client", "Chatalot.Server.Hosting"];

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Chatalot.Sdk.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Chatalot.Sdk.sln not found above " + AppContext.BaseDirectory);
    }
}
