using System.IO.Compression;
using System.Xml.Linq;

namespace Chatalot.IntegrationTests.Tooling;

/// <summary>
/// Packs the four libraries and proves a fresh console app restores them from a local folder feed
/// and calls a public type of each: packages that build but cannot be consumed fail here.
/// </summary>
[Collection(ToolingCollection.Name)]
public sealed class PackagesAreConsumableTests : IDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(5);
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("chatalot-packages-");

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public async Task Packages_HaveMetadataDocsAndReadme_AndRestoreIntoAFreshConsoleApp()
    {
        var feed = Path.Combine(_work.FullName, "feed");
        foreach (var project in RepositoryLayout.PackageProjects)
        {
            var csproj = Path.Combine(RepositoryLayout.Root, "src", project, project + ".csproj");
            (await ExternalCommand.RunAsync(
                "dotnet",
                ["pack", csproj, "--no-build", "-c", RepositoryLayout.Configuration, "-o", feed, "-nologo"],
                RepositoryLayout.Root, CommandTimeout)).EnsureSuccess("dotnet pack " + project);
        }

        var versions = new Dictionary<string, string>();
        foreach (var project in RepositoryLayout.PackageProjects)
        {
            var nupkg = Directory.GetFiles(feed, project + ".*.nupkg")
                .Single(f => !f.EndsWith(".snupkg", StringComparison.Ordinal)
                    && char.IsDigit(Path.GetFileName(f)[project.Length + 1]));
            versions[project] = AssertPackageContents(nupkg, project);
        }

        var app = Path.Combine(_work.FullName, "consumer");
        Directory.CreateDirectory(app);
        await File.WriteAllTextAsync(Path.Combine(app, "nuget.config"), NuGetConfig(feed));
        await File.WriteAllTextAsync(Path.Combine(app, "Consumer.csproj"), ConsumerProject(versions));
        await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), ConsumerProgram);

        var run = (await ExternalCommand.RunAsync(
            "dotnet", ["run", "--project", app, "-nologo"], app, CommandTimeout,
            new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(_work.FullName, "packages") }))
            .EnsureSuccess("dotnet run (consumer)");
        Assert.Contains("consumed all four packages", run.Output, StringComparison.Ordinal);
    }

    /// <summary>Checks the nuspec metadata, the XML docs and the README, and returns the package version.</summary>
    private static string AssertPackageContents(string nupkg, string id)
    {
        using var zip = ZipFile.OpenRead(nupkg);
        var entries = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Contains($"lib/net10.0/{id}.dll", entries);
        Assert.Contains($"lib/net10.0/{id}.xml", entries);
        Assert.Contains("README.md", entries);

        using var nuspecStream = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        var metadata = XDocument.Load(nuspecStream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value ?? "";

        Assert.Equal(id, Value("id"));
        Assert.False(string.IsNullOrWhiteSpace(Value("description")), "description");
        Assert.False(string.IsNullOrWhiteSpace(Value("authors")), "authors");
        Assert.Equal("MIT", Value("license"));
        Assert.Equal("README.md", Value("readme"));
        Assert.NotNull(metadata.Elements().SingleOrDefault(e => e.Name.LocalName == "repository"));
        return Value("version");
    }

    private static string NuGetConfig(string feed)
    {
        // Reuse the machine's package cache read-only for third-party packages, so only our packages
        // come from the fresh folder feed.
        var globalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        return $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="local"><package pattern="Chatalot.*" /></packageSource>
                <packageSource key="nuget.org"><package pattern="*" /></packageSource>
              </packageSourceMapping>
              <fallbackPackageFolders>
                <add key="machine" value="{globalPackages}" />
              </fallbackPackageFolders>
            </configuration>
            """;
    }

    private static string ConsumerProject(IReadOnlyDictionary<string, string> versions) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
            <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
          </PropertyGroup>
          <ItemGroup>
        {string.Join("\n", versions.Select(p => $"    <PackageReference Include=\"{p.Key}\" Version=\"{p.Value}\" />"))}
          </ItemGroup>
        </Project>
        """;

    private const string ConsumerProgram = """
        using Chatalot.Crypto;

        // Protocol: a wire DTO through the source-generated JSON context.
        var json = System.Text.Encoding.UTF8.GetString(Chatalot.Protocol.Serialization.ChatalotJson.SerializeToUtf8Bytes(
            new Chatalot.Protocol.Accounts.LoginRequest("alice", "a long enough password")));
        if (!json.Contains("\"username\":\"alice\"", StringComparison.Ordinal)) { throw new InvalidOperationException(json); }

        // Crypto: native libsodium from the package, identity keys and a safety number.
        using var alice = IdentityKeyPair.Generate(CryptoProvider.Create(CryptoProviderKind.Sodium));
        using var bob = IdentityKeyPair.Generate();
        var number = SafetyNumber.Create("alice", alice.PublicKey, "bob", bob.PublicKey);
        if (number.Digits.Length != 60) { throw new InvalidOperationException(number.Digits); }

        // Client and server: options types from each package.
        new Chatalot.Client.ChatalotClientOptions { ServerUrl = new Uri("http://127.0.0.1:5080/") }.Validate();
        new Chatalot.Server.Hosting.ChatalotServerOptions().Validate();
        Console.WriteLine("consumed all four packages");
        """;
}
