using System.Reflection;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Chatalot.Protocol.Gateway;
using Chatalot.Protocol.Serialization;

namespace Chatalot.Protocol.Tests;

/// <summary>
/// docs/protocol/gateway.md against the wire contracts, so the two can't drift: every client frame and server event
/// the document lists exists with exactly the listed members, every frame type is documented, and the close-code
/// table names every <see cref="GatewayCloseCodes"/> value.
/// </summary>
public partial class GatewayDocumentTests
{
    private static readonly string Document = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "protocol", "gateway.md"));

    [Fact]
    public void ClientFramesTable_ListsEveryClientFrame_WithItsMembers()
    {
        var documented = new Dictionary<string, SortedSet<string>>();
        foreach (var row in Section("## Client frames").Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal)).Skip(1))
        {
            var cells = row.Split('|', StringSplitOptions.TrimEntries);
            if (cells[1].StartsWith("---", StringComparison.Ordinal))
            {
                continue;
            }

            documented[cells[1]] = Members(cells[2]);
        }

        AssertSameFrames(Discriminators(typeof(ClientFrame)), documented);
    }

    [Fact]
    public void ServerEventsList_ListsEveryEvent_WithItsMembers()
    {
        var documented = EventPattern().Matches(Section("## Server events"))
            .ToDictionary(m => m.Groups["name"].Value, m => Members(m.Groups["members"].Value));
        var events = Discriminators(typeof(ServerFrame)).Where(d => typeof(ServerEvent).IsAssignableFrom(d.Value)).ToDictionary();

        AssertSameFrames(events, documented, ignore: ["seq"]);
    }

    [Fact]
    public void EveryServerFrameType_IsNamedInTheDocument()
    {
        var missing = Discriminators(typeof(ServerFrame)).Keys.Where(name => !Document.Contains(name, StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, "not in gateway.md: " + string.Join(", ", missing));
    }

    [Fact]
    public void CloseCodeTable_NamesEveryCloseCode()
    {
        var documented = Section("## Close codes").Split('\n')
            .Select(l => CloseCodeRow().Match(l)).Where(m => m.Success)
            .ToDictionary(m => int.Parse(m.Groups["code"].Value, System.Globalization.CultureInfo.InvariantCulture), m => m.Groups["name"].Value.Trim());
        foreach (var field in typeof(GatewayCloseCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral))
        {
            var code = (int)field.GetRawConstantValue()!;
            Assert.True(documented.TryGetValue(code, out var name), $"close code {code} ({field.Name}) is not in gateway.md's table");
            Assert.Equal(field.Name, name);
        }
    }

    private static void AssertSameFrames(IReadOnlyDictionary<string, Type> contracts, Dictionary<string, SortedSet<string>> documented, string[]? ignore = null)
    {
        var problems = new List<string>();
        problems.AddRange(contracts.Keys.Except(documented.Keys).Select(k => $"{k}: on the wire, not in gateway.md"));
        problems.AddRange(documented.Keys.Except(contracts.Keys).Select(k => $"{k}: in gateway.md, not on the wire"));
        foreach (var (name, type) in contracts.Where(c => documented.ContainsKey(c.Key)))
        {
            var wire = new SortedSet<string>(ChatalotJson.Options.GetTypeInfo(type).Properties.Select(p => p.Name).Except(ignore ?? []), StringComparer.Ordinal);
            if (!wire.SetEquals(documented[name]))
            {
                problems.Add($"{name}: gateway.md lists {{{string.Join(", ", documented[name])}}}, the wire has {{{string.Join(", ", wire)}}}");
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    /// <summary>
    /// "token, device_id?, channel_ids (≤100), message (SendMessageRequest)" → {token, device_id, channel_ids, message};
    /// "users: [{user_id, status}]" → {users}.
    /// </summary>
    private static SortedSet<string> Members(string text) =>
        new(TypeAnnotation().Replace(Parenthesised().Replace(text, ""), "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(m => m.TrimEnd('?')).Where(m => m is not "—" and not "-"), StringComparer.Ordinal);

    private static Dictionary<string, Type> Discriminators(Type root) =>
        root.GetCustomAttributes<JsonDerivedTypeAttribute>().ToDictionary(a => (string)a.TypeDiscriminator!, a => a.DerivedType);

    private static string Section(string heading)
    {
        var start = Document.IndexOf("\n" + heading, StringComparison.Ordinal);
        Assert.True(start >= 0, $"gateway.md has no '{heading}' section");
        var end = Document.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
        return Document[start..(end < 0 ? Document.Length : end)];
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Chatalot.Sdk.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Run the tests from inside the repository.");
    }

    [GeneratedRegex(@"`(?<name>[a-z_]+) \{(?<members>(?:[^{}]|\{[^}]*\})*)\}`")]
    private static partial Regex EventPattern();

    [GeneratedRegex(@"\([^)]*\)|\[[^\]]*\]")]
    private static partial Regex Parenthesised();

    [GeneratedRegex(@":[^,]*")]
    private static partial Regex TypeAnnotation();

    [GeneratedRegex(@"^\| (?<code>\d{4}) \| (?<name>[^|]+) \|")]
    private static partial Regex CloseCodeRow();
}
