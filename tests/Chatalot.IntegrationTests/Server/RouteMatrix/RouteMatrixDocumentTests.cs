using Chatalot.IntegrationTests.Tooling;

namespace Chatalot.IntegrationTests.Server.RouteMatrix;

/// <summary>
/// The route × actor tables of docs/protocol/permissions.md are the rows <see cref="RouteMatrixConformanceTests"/>
/// runs, cell for cell, so the document and the server cannot drift apart.
/// </summary>
public sealed class RouteMatrixDocumentTests
{
    [Fact]
    public void PermissionsDocument_HoldsExactlyTheTestedMatrix()
    {
        var document = File.ReadAllText(Path.Combine(RepositoryLayout.Root, "docs", "protocol", "permissions.md")).ReplaceLineEndings("\n");
        var documented = TableRows(document).ToList();
        var tested = MatrixRows.All().Select(r => r.Markdown).ToList();
        var missing = tested.Except(documented).ToList();
        var extra = documented.Except(tested).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0 && documented.Count == tested.Count,
            $"permissions.md and the tested matrix differ.\nRows the document lacks or words differently:\n{string.Join('\n', missing)}\n" +
            $"Rows of the document the test does not run:\n{string.Join('\n', extra)}\n\nThe tables as the test runs them:\n{MatrixRows.Markdown()}");
    }

    [Fact]
    public void Cells_AreOkNotApplicableOrATypedRefusal()
    {
        foreach (var row in MatrixRows.All())
        {
            foreach (var cell in row.Cells.Where(c => c.Applies && !c.IsOk))
            {
                var (status, code) = cell.Refusal;
                Assert.True(status is >= 400 and < 500 && code.Length > 0, $"{row.Method} {row.Path}: {cell}");
            }

            // The flag columns apply exactly to rows that name a flag.
            Assert.Equal(row.Flag != Protocol.Roles.CommunityPermissions.None, row[MatrixActor.Flag].Applies);
        }
    }

    /// <summary>The rows of every table under the matrix header.</summary>
    private static IEnumerable<string> TableRows(string markdown)
    {
        var inTable = false;
        foreach (var line in markdown.Split('\n'))
        {
            if (line == MatrixRows.Header)
            {
                inTable = true;
            }
            else if (!line.StartsWith('|'))
            {
                inTable = false;
            }
            else if (inTable && !line.StartsWith("|---", StringComparison.Ordinal))
            {
                yield return line;
            }
        }
    }
}
