using System.Globalization;

namespace Chatalot.ClientLatency;

/// <summary>Pools the samples of several result files by label and prints a Markdown table with new/baseline ratios.</summary>
public static class Summary
{
    public static void Print(IReadOnlyList<string> files, string baseline, TextWriter output)
    {
        var runs = files.Select(Results.Read).ToList();
        var labels = runs.Select(r => r.Label).Distinct().OrderBy(l => l == baseline ? 0 : 1).ThenBy(l => l, StringComparer.Ordinal).ToList();
        var pooled = labels.ToDictionary(l => l, l => runs.Where(r => r.Label == l)
            .SelectMany(r => r.Samples).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.SelectMany(p => p.Value).ToList()));
        output.WriteLine($"Machine: {runs[0].Machine}");
        foreach (var label in labels)
        {
            var mine = runs.Where(r => r.Label == label).ToList();
            output.WriteLine($"{label}: {mine.Count} runs, load average {string.Join("; ", mine.Select(r => r.LoadBefore + " → " + r.LoadAfter))}, undecryptable {mine.Sum(r => r.Undecryptable)}");
        }

        output.WriteLine();
        var other = labels.Where(l => l != baseline).ToList();
        var header = "| metric | n | " + string.Join(" | ", labels.Select(l => $"{l} p50 | {l} p99 | {l} max")) + string.Concat(other.Where(_ => labels.Contains(baseline)).Select(l => $" | {l}/{baseline} p50 | {l}/{baseline} p99"));
        header += " |";
        output.WriteLine(header);
        output.WriteLine("|" + string.Concat(Enumerable.Repeat("---|", header.Count(c => c == '|') - 1)));
        foreach (var key in pooled.Values.SelectMany(p => p.Keys).Distinct().Order(StringComparer.Ordinal))
        {
            var cells = labels.Select(l => pooled[l].GetValueOrDefault(key) ?? []).ToList();
            var row = $"| {key} | {string.Join("/", cells.Select(c => c.Count))} | "
                + string.Join(" | ", cells.Select(c => $"{F(Percentile(c, 50))} | {F(Percentile(c, 99))} | {F(c.Count == 0 ? double.NaN : c.Max())}"));
            if (labels.Contains(baseline))
            {
                var b = pooled[baseline].GetValueOrDefault(key) ?? [];
                foreach (var l in other)
                {
                    var c = pooled[l].GetValueOrDefault(key) ?? [];
                    row += $" | {Ratio(Percentile(c, 50), Percentile(b, 50))} | {Ratio(Percentile(c, 99), Percentile(b, 99))}";
                }
            }

            output.WriteLine(row + " |");
        }
    }

    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToList();
        var rank = p / 100 * (sorted.Count - 1);
        var low = (int)Math.Floor(rank);
        var high = Math.Min(low + 1, sorted.Count - 1);
        return sorted[low] + ((sorted[high] - sorted[low]) * (rank - low));
    }

    private static string F(double value) => double.IsNaN(value) ? "–" : value.ToString(value >= 100 ? "F0" : "F1", CultureInfo.InvariantCulture);

    private static string Ratio(double value, double baseline) =>
        double.IsNaN(value) || double.IsNaN(baseline) || baseline == 0 ? "–" : (value / baseline).ToString("F2", CultureInfo.InvariantCulture);
}
