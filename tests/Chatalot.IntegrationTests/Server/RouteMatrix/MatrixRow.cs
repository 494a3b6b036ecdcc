using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Roles;

namespace Chatalot.IntegrationTests.Server.RouteMatrix;

/// <summary>
/// One route of the matrix: what it needs (as permissions.md names it), the flag the <see cref="MatrixActor.Flag"/> and
/// <see cref="MatrixActor.Denied"/> actors hold (or are denied), what each actor gets, and one call per actor.
/// </summary>
public sealed record MatrixRow(string Method, string Path, string Needs, CommunityPermissions Flag, IReadOnlyList<MatrixCell> Cells, Func<MatrixWorld, MatrixCaller, Task<MatrixAnswer>> Call)
{
    public string Key => RestDocumentRoutes.Key(Method, Path);

    public MatrixCell this[MatrixActor actor] => Cells[(int)actor];

    /// <summary>The row as permissions.md writes it.</summary>
    public string Markdown => $"| {Method} {Path} | {Needs} | {string.Join(" | ", Cells)} |";
}

/// <summary>The rules rows are written in: each gives the cells of every actor.</summary>
public static class MatrixRules
{
    public const string Revoked = "401 session_revoked";

    public static readonly int ActorCount = Enum.GetValues<MatrixActor>().Length;

    /// <summary>Every caller, token or not, gets <paramref name="cell"/>.</summary>
    public static string[] Public(string cell = MatrixCell.Ok) => Cells(cell, cell, cell, cell, cell, "–", "–", cell, cell, cell, cell);

    /// <summary>Any signed-in account, for itself.</summary>
    public static string[] SignedIn() => Cells("401", Revoked, "✓", "✓", "✓", "–", "–", "✓", "✓", "✓", "✓");

    /// <summary>Members of the community; everyone else is told it does not exist.</summary>
    public static string[] Member() => Cells("401", Revoked, "404", "404", "✓", "–", "–", "✓", "✓", "✓", "404");

    /// <summary>Instance admins and the owner (the instance owner is the only one of them among the actors).</summary>
    public static string[] InstanceAdmin() => Cells("401", Revoked, "403", "403", "403", "–", "–", "403", "403", "403", "✓");

    /// <summary>At least <paramref name="rank"/> in the community.</summary>
    public static string[] Rank(CommunityRole rank) => Cells(
        "401", Revoked, "404", "404", rank <= CommunityRole.Member ? "✓" : "403", "–", "–",
        rank <= CommunityRole.Moderator ? "✓" : "403", rank <= CommunityRole.Admin ? "✓" : "403", "✓", "404");

    /// <summary>The cells in actor order up to the instance owner; a timed-out member gets what @everyone gets unless a row says otherwise.</summary>
    public static string[] Cells(params string[] cells) => [.. cells, cells[(int)MatrixActor.Everyone]];

    /// <summary>
    /// Members holding <paramref name="flag"/>. A group or channel override takes it away only where the route acts in
    /// a group or channel (<paramref name="inScope"/>); a denied <c>view_channels</c> hides the channel (404).
    /// </summary>
    public static string[] Flag(CommunityPermissions flag, bool inScope)
    {
        var refused = flag == CommunityPermissions.ViewChannels ? "404" : "403";
        return Cells(
            "401", Revoked, "404", "404", CommunityPermissions.EveryoneDefault.HasAll(flag) ? "✓" : refused, "✓", inScope ? refused : "✓",
            (CommunityPermissions.ModeratorPreset | CommunityPermissions.EveryoneDefault).HasAll(flag) ? "✓" : "403", "✓", "✓", "404");
    }

    public static string[] With(this string[] cells, MatrixActor actor, string cell)
    {
        var copy = (string[])cells.Clone();
        copy[(int)actor] = cell;
        return copy;
    }

    public static string Needs(CommunityPermissions flag) => "`" + CommunityPermissionFlags.WireName(flag) + "`";
}
