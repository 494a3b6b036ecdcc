namespace Chatalot.IntegrationTests.Tooling;

/// <summary>
/// Tests that shell out to the .NET SDK (pack, restore, docs) run one at a time: each is CPU-heavy
/// and they share the repository's build outputs.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ToolingCollection
{
    public const string Name = "Tooling";
}
