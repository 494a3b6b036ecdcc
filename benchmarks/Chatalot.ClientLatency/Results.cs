using System.Text.Json;

namespace Chatalot.ClientLatency;

/// <summary>Raw samples of one run, written as JSON so that runs of two builds can be pooled and compared.</summary>
public sealed class Results
{
    public string Label { get; init; } = "";

    public string Machine { get; init; } = "";

    public string LoadBefore { get; set; } = "";

    public string LoadAfter { get; set; } = "";

    public int Undecryptable { get; set; }

    public Dictionary<string, List<double>> Samples { get; init; } = new(StringComparer.Ordinal);

    public void Add(string key, double value)
    {
        if (!Samples.TryGetValue(key, out var list))
        {
            Samples[key] = list = [];
        }

        list.Add(Math.Round(value, 3));
    }

    public void AddRange(string key, IEnumerable<double> values)
    {
        foreach (var value in values)
        {
            Add(key, value);
        }
    }

    /// <summary>Counts an event (a message that never arrived) as a sample of value 1.</summary>
    public void Count(string key) => Add(key, 1);

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public async Task WriteAsync(string path)
    {
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, this, Json);
    }

    public static Results Read(string path) =>
        JsonSerializer.Deserialize<Results>(File.ReadAllText(path), Json) ?? throw new InvalidDataException(path + " holds no results.");

    public static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "";

    public static string MachineDescription()
    {
        var model = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return $"{Environment.ProcessorCount} cores, {model ?? "unknown CPU"}, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}";
    }
}
