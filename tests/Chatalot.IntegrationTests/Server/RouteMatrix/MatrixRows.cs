using Chatalot.Protocol.Roles;
using static Chatalot.IntegrationTests.Server.RouteMatrix.MatrixRules;

namespace Chatalot.IntegrationTests.Server.RouteMatrix;

/// <summary>
/// Every /api/v1 route with what each actor gets (permissions.md §Route × actor matrix). Each call is either repeatable
/// or makes fresh what it uses up, and puts back any shared state it changes, so rows run in any order.
/// </summary>
public static partial class MatrixRows
{
    public static IReadOnlyList<MatrixRow> All() => [.. Areas().SelectMany(a => a.Rows)];

    /// <summary>The rows by area, as permissions.md lays them out (one table each).</summary>
    public static IReadOnlyList<(string Name, IReadOnlyList<MatrixRow> Rows)> Areas() =>
    [
        ("Accounts and sessions", [.. Accounts()]),
        ("Profiles, status and previews", [.. Profiles()]),
        ("Instance administration", [.. Administration()]),
        ("Keys and to-device", [.. Keys()]),
        ("Device lists, linking and key backup", [.. Devices()]),
        ("Communities", [.. Communities()]),
        ("Groups", [.. Groups()]),
        ("Channels", [.. Channels()]),
        ("Messages and reports", [.. Messages()]),
        ("Roles, time-outs and overrides", [.. Roles()]),
        ("Attachments", [.. Attachments()]),
        ("Bots", [.. Bots()]),
    ];

    /// <summary>The header of every matrix table in permissions.md.</summary>
    public const string Header = "| Route | Needs | anon | suspended | outsider | banned | @everyone | flag | denied | moderator | admin | owner | instance | timed out |";

    /// <summary>The matrix as permissions.md holds it: a heading and a table per area.</summary>
    public static string Markdown()
    {
        var text = new System.Text.StringBuilder();
        foreach (var (name, rows) in Areas())
        {
            text.Append("\n### ").Append(name).Append("\n\n").Append(Header).Append('\n')
                .Append(string.Concat(Enumerable.Repeat("|---", ActorCount + 2))).Append("|\n");
            foreach (var row in rows)
            {
                text.Append(row.Markdown).Append('\n');
            }
        }

        return text.ToString();
    }

    private delegate Task<MatrixAnswer> Call(MatrixWorld w, MatrixCaller c);

    private static readonly HttpMethod Get = HttpMethod.Get, Post = HttpMethod.Post, Put = HttpMethod.Put, Patch = HttpMethod.Patch, Delete = HttpMethod.Delete;

    private static MatrixRow R(string method, string path, string needs, string[] cells, Call call, CommunityPermissions flag = CommunityPermissions.None)
    {
        Assert.Equal(ActorCount, cells.Length);
        return new MatrixRow(method, path, needs, flag, [.. cells.Select(c => new MatrixCell(c))], (w, c) => call(w, c));
    }

    /// <summary>A row needing <paramref name="flag"/> (<see cref="MatrixRules.Flag"/>), with its exceptions.</summary>
    private static MatrixRow F(string method, string path, CommunityPermissions flag, bool inScope, Call call, Func<string[], string[]>? except = null, string? needs = null) =>
        R(method, path, needs ?? Needs(flag), (except ?? (x => x))(Flag(flag, inScope)), call, flag);

    /// <summary>A read: one GET to the same path for every actor.</summary>
    private static Call Read(Func<MatrixWorld, string> path) => (w, c) => w.Send(Get, path(w), c.Token);

    /// <summary>Cleans up after a call that succeeded, then hands back the call's answer.</summary>
    private static async Task<MatrixAnswer> Then(MatrixAnswer answer, Func<Task> cleanup)
    {
        if (answer.Ok)
        {
            await cleanup();
        }

        return answer;
    }
}
