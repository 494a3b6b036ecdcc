using System.Text.Json;

namespace Chatalot.Fuzz.Seeds;

/// <summary>Content seeds: the plaintexts of the checked-in content vectors (every kind), without their padding.</summary>
internal static class ContentSeeds
{
    public static IEnumerable<(string Name, byte[] Data)> Create()
    {
        var path = Path.Combine(RepoPaths.Root, "tests", "Chatalot.Crypto.Tests", "Vectors", "content-v1.json");
        using var vectors = JsonDocument.Parse(File.ReadAllBytes(path));
        foreach (var vector in vectors.RootElement.EnumerateObject())
        {
            if (vector.Name.EndsWith(".plaintext", StringComparison.Ordinal))
            {
                var padded = Convert.FromHexString(vector.Value.GetString()!);
                var end = Array.LastIndexOf(padded, (byte)0x80);
                yield return (vector.Name[..^".plaintext".Length] + ".json", padded[..end]);
            }
        }
    }
}
