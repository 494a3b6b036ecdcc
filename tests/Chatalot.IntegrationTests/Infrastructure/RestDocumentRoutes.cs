using System.Text.RegularExpressions;
using Chatalot.IntegrationTests.Tooling;

namespace Chatalot.IntegrationTests.Infrastructure;

/// <summary>One documented response: a status and its body shape (a schema name, <c>Name[]</c>, <c>text</c>, <c>bytes</c> (any binary media type), or none).</summary>
public sealed record DocumentedResponse(int Status, string? Shape);

/// <summary>One row of a route table in docs/protocol/rest.md.</summary>
public sealed record DocumentedRoute(
    string Method,
    string Path,
    bool NeedsToken,
    string? RequestBody,
    bool RequestBodyOptional,
    IReadOnlyList<DocumentedResponse> Responses,
    IReadOnlySet<int> Errors,
    IReadOnlySet<string> Query)
{
    /// <summary>(method, path) with parameter names dropped (<c>{id}</c> and <c>{communityId}</c> are both <c>{}</c>).</summary>
    public string Key => RestDocumentRoutes.Key(Method, Path);

    public override string ToString() => $"{Method} {Path}";
}

/// <summary>
/// Parses the route tables of rest.md (header <c>| Method | Path | Auth | Request → Response | Errors | Notes |</c>), so
/// tests can hold the document to the served OpenAPI document and to the real answers.
/// </summary>
public static partial class RestDocumentRoutes
{
    public const string ApiPrefix = "/api/v1";
    private const string Header = "| Method | Path | Auth | Request → Response | Errors | Notes |";

    public static IReadOnlyList<DocumentedRoute> Load() =>
        Parse(File.ReadAllText(Path.Combine(RepositoryLayout.Root, "docs", "protocol", "rest.md")));

    public static string Key(string method, string path) => method.ToUpperInvariant() + " " + Parameter().Replace(path, "{}");

    public static IReadOnlyList<DocumentedRoute> Parse(string markdown)
    {
        var routes = new List<DocumentedRoute>();
        var inTable = false;
        foreach (var raw in markdown.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line == Header)
            {
                inTable = true;
                continue;
            }

            if (!inTable || line.StartsWith("|---", StringComparison.Ordinal))
            {
                continue;
            }

            if (!line.StartsWith('|'))
            {
                inTable = false;
                continue;
            }

            routes.Add(ParseRow(line));
        }

        return routes;
    }

    private static DocumentedRoute ParseRow(string line)
    {
        var cells = line.Trim('|').Split(" | ", StringSplitOptions.TrimEntries);
        if (cells.Length < 5)
        {
            throw new FormatException($"rest.md: a route row needs 6 cells: {line}");
        }

        var (method, pathAndQuery, auth, shape, errors) = (cells[0], cells[1], cells[2], cells[3], cells[4]);
        var queryStart = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        var path = queryStart < 0 ? pathAndQuery : pathAndQuery[..queryStart];
        var query = queryStart < 0 ? [] : pathAndQuery[(queryStart + 1)..].Split('&').ToHashSet(StringComparer.Ordinal);
        if (!path.StartsWith("/health", StringComparison.Ordinal))
        {
            path = ApiPrefix + path;
        }

        var arrow = shape.Split('→', StringSplitOptions.TrimEntries);
        if (arrow.Length != 2)
        {
            throw new FormatException($"rest.md: '{shape}' needs one '→' ({method} {path})");
        }

        var request = Backticked().Match(arrow[0]);
        var responses = arrow[1].Split(',', StringSplitOptions.TrimEntries).Select(item =>
        {
            var m = ResponseItem().Match(item);
            return m.Success
                ? new DocumentedResponse(int.Parse(m.Groups["status"].Value, System.Globalization.CultureInfo.InvariantCulture), m.Groups["shape"].Success ? m.Groups["shape"].Value.Trim('`') : null)
                : throw new FormatException($"rest.md: response '{item}' is not 'status [`Shape`|text|bytes]' ({method} {path})");
        }).ToList();
        var errorSet = errors == "–" ? new HashSet<int>() : errors.Split(' ').Select(e => int.Parse(e, System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
        return new DocumentedRoute(method, path, auth != "–", request.Success ? request.Groups[1].Value : null,
            arrow[0].Contains("(optional)", StringComparison.Ordinal), responses, errorSet, query);
    }

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Parameter();

    [GeneratedRegex(@"`([A-Z]\w*)`")]
    private static partial Regex Backticked();

    [GeneratedRegex(@"^(?<status>\d{3})(?:\s+(?<shape>`[A-Z]\w*(?:\[\])?`|text|bytes))?$")]
    private static partial Regex ResponseItem();
}
