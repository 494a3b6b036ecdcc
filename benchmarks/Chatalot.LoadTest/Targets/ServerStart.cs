namespace Chatalot.LoadTest.Targets;

/// <summary>
/// How to start one server process: its assembly and arguments, plus what a cluster node needs on top (environment
/// variables for secrets, which stay off the command line and out of <c>ps</c>; files seeded into its working folder
/// before it starts; the health endpoint that says it can take traffic).
/// </summary>
public sealed record ServerStart(string Dll, IReadOnlyList<string> Arguments)
{
    /// <summary>Shown in front of the server's stderr lines and in the start-up message.</summary>
    public string Label { get; init; } = Path.GetFileNameWithoutExtension(Dll);

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Files to write (path relative to the working folder → content) before the process starts.</summary>
    public IReadOnlyDictionary<string, string> Files { get; init; } = new Dictionary<string, string>();

    /// <summary><c>health/live</c> for a lone server; <c>health/ready</c> for a cluster node (database and Redis heard).</summary>
    public string HealthPath { get; init; } = "health/live";
}
