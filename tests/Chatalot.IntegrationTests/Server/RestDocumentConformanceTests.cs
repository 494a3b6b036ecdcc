using System.Text.Json;
using Chatalot.IntegrationTests.Infrastructure;

namespace Chatalot.IntegrationTests.Server;

/// <summary>
/// rest.md, the served OpenAPI document and the wire agree (issue 21, item 9): every documented route is in the
/// OpenAPI document with the same statuses, bodies and query parameters and vice versa, and every route really answers
/// its documented success status (<see cref="RestRouteTour"/>), on every storage provider.
/// </summary>
public abstract class RestDocumentConformanceTests(ServerFixture fixture)
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    [Fact]
    public async Task OpenApiDocument_ListsExactlyTheDocumentedRoutes_WithTheDocumentedStatusesAndShapes()
    {
        var documented = RestDocumentRoutes.Load();
        Assert.True(documented.Count > 50, $"rest.md route tables not found (parsed {documented.Count} rows)");
        Assert.Empty(documented.GroupBy(r => r.Key).Where(g => g.Count() > 1).Select(g => g.Key));

        using var openApi = JsonDocument.Parse(await fixture.Api.Http.GetStringAsync(new Uri("/openapi/chatalot.json", UriKind.Relative)));
        var served = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var path in openApi.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => Methods.Contains(o.Name)))
            {
                served[RestDocumentRoutes.Key(operation.Name, path.Name)] = operation.Value;
            }
        }

        var problems = new List<string>();
        problems.AddRange(documented.Where(r => !served.ContainsKey(r.Key)).Select(r => $"{r}: in rest.md, not in the OpenAPI document"));
        problems.AddRange(served.Keys.Except(documented.Select(r => r.Key)).Select(k => $"{k}: in the OpenAPI document, not in rest.md"));
        foreach (var route in documented.Where(r => served.ContainsKey(r.Key)))
        {
            Compare(route, served[route.Key], problems);
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public async Task EveryDocumentedRoute_AnswersItsDocumentedSuccessStatus()
    {
        var observed = await RestRouteTour.RunAsync(fixture.Api, fixture.Owner, fixture.Web.BaseAddress);
        var problems = new List<string>();
        foreach (var route in RestDocumentRoutes.Load())
        {
            var expected = route.Responses.Select(r => r.Status).ToHashSet();
            if (!observed.TryGetValue(route.Key, out var statuses))
            {
                problems.Add($"{route}: no request in the tour");
                continue;
            }

            // Every answer is a documented one, and the first documented status (the usual success) was seen; the
            // others (200 for a retried send, 503 from /health/ready) have scenarios of their own elsewhere too.
            if (!statuses.IsSubsetOf(expected) || !statuses.Contains(route.Responses[0].Status))
            {
                problems.Add($"{route}: documented {string.Join('/', expected.Order())}, answered {string.Join('/', statuses.Order())}");
            }
        }

        problems.AddRange(observed.Keys.Except(RestDocumentRoutes.Load().Select(r => r.Key)).Select(k => $"{k}: requested by the tour, not in rest.md"));
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    private static void Compare(DocumentedRoute route, JsonElement operation, List<string> problems)
    {
        var responses = operation.GetProperty("responses").EnumerateObject().ToDictionary(p => int.Parse(p.Name, System.Globalization.CultureInfo.InvariantCulture), p => p.Value);
        var success = route.Responses.Select(r => r.Status).ToHashSet();
        var errors = new HashSet<int>(route.Errors);
        if (route.Path.StartsWith(RestDocumentRoutes.ApiPrefix, StringComparison.Ordinal))
        {
            // rest.md §Errors, "Statuses per route": the statuses every route shares.
            errors.UnionWith([400, 429]);
            if (route.NeedsToken)
            {
                errors.UnionWith([401, 403]);
            }

            if (route.RequestBody is not null)
            {
                errors.UnionWith([413, 415]);
            }

            if (route.Method is not ("GET" or "HEAD"))
            {
                errors.Add(409);
            }
        }

        var expected = success.Union(errors).Order().ToList();
        if (!responses.Keys.Order().SequenceEqual(expected))
        {
            problems.Add($"{route}: rest.md gives {string.Join(' ', expected)}, OpenAPI {string.Join(' ', responses.Keys.Order())}");
        }

        foreach (var documented in route.Responses.Where(r => responses.ContainsKey(r.Status)))
        {
            var shape = Shape(responses[documented.Status]);
            if (shape != documented.Shape)
            {
                problems.Add($"{route}: {documented.Status} body is {documented.Shape ?? "none"} in rest.md, {shape ?? "none"} in OpenAPI");
            }
        }

        foreach (var status in errors.Where(responses.ContainsKey))
        {
            if (Shape(responses[status]) != "ChatalotProblemDetails")
            {
                problems.Add($"{route}: {status} is not described as a problem detail in OpenAPI");
            }
        }

        var body = operation.TryGetProperty("requestBody", out var b) ? b : (JsonElement?)null;
        var bodyShape = body is { } rb ? Shape(rb) : null;
        if (bodyShape != route.RequestBody)
        {
            problems.Add($"{route}: request body is {route.RequestBody ?? "none"} in rest.md, {bodyShape ?? "none"} in OpenAPI");
        }
        else if (body is { } rb2 && (rb2.TryGetProperty("required", out var required) && required.GetBoolean()) == route.RequestBodyOptional)
        {
            problems.Add($"{route}: the request body is {(route.RequestBodyOptional ? "optional" : "required")} in rest.md, not in OpenAPI");
        }

        var query = operation.TryGetProperty("parameters", out var parameters)
            ? parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query").Select(p => p.GetProperty("name").GetString()!).ToHashSet()
            : [];
        if (!query.SetEquals(route.Query))
        {
            problems.Add($"{route}: query parameters {string.Join('&', route.Query.Order())} in rest.md, {string.Join('&', query.Order())} in OpenAPI");
        }
    }

    /// <summary>The documented form of a response or request body: <c>Name</c>, <c>Name[]</c>, <c>text</c>, <c>bytes</c> or null.</summary>
    private static string? Shape(JsonElement withContent)
    {
        if (!withContent.TryGetProperty("content", out var content))
        {
            return null;
        }

        var media = content.EnumerateObject().First();
        if (media.Name == "text/plain")
        {
            return "text";
        }

        if (!media.Name.Contains("json", StringComparison.Ordinal))
        {
            return "bytes";
        }

        var schema = media.Value.GetProperty("schema");
        return schema.TryGetProperty("items", out var items) ? Reference(items) + "[]" : Reference(schema);
    }

    private static string? Reference(JsonElement schema) =>
        schema.TryGetProperty("$ref", out var r) ? r.GetString()![(r.GetString()!.LastIndexOf('/') + 1)..] : null;
}

public sealed class RestDocumentSqliteTests(SqliteServerFixture fixture) : RestDocumentConformanceTests(fixture), IClassFixture<SqliteServerFixture>;

public sealed class RestDocumentPostgresTests(PostgresServerFixture fixture) : RestDocumentConformanceTests(fixture), IClassFixture<PostgresServerFixture>;
