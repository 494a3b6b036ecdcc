namespace Chatalot.IntegrationTests.Tooling;

/// <summary>The docs site builds offline with one command and no warnings (missing XML docs included).</summary>
[Collection(ToolingCollection.Name)]
public sealed class DocumentationSiteTests
{
    [Fact]
    public async Task DocsScript_BuildsTheSiteWithoutWarnings()
    {
        var script = Path.Combine(RepositoryLayout.Root, "eng", "docs.sh");
        var result = (await ExternalCommand.RunAsync("bash", [script], RepositoryLayout.Root, TimeSpan.FromMinutes(5)))
            .EnsureSuccess("eng/docs.sh");

        Assert.Contains("0 warning(s)", result.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(RepositoryLayout.Root, "docs", "_site", "api", "Chatalot.Protocol.ProtocolVersion.html")));
    }
}
