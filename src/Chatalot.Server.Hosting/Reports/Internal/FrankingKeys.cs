using System.Globalization;
using System.Security.Cryptography;
using Chatalot.Protocol.Messages;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.Extensions.Options;

namespace Chatalot.Server.Hosting.Reports.Internal;

/// <summary>
/// The server franking keys (crypto.md §14.3), kept like the token signing key: generated on first start into
/// <c>franking.keys</c> under the data folder (owner-only), one line per key, <c>&lt;key id&gt; &lt;base64 key&gt;</c>. The
/// highest key id tags new bodies; every listed key still verifies reports, so rotating is appending a line with a higher
/// id (and removing a key once no retained message carries its id). Nodes of one deployment must share the file.
/// Keys never reach a log or <see cref="object.ToString"/>.
/// </summary>
internal sealed class FrankingKeys
{
    public const string FileName = "franking.keys";
    private readonly Dictionary<int, byte[]> _keys;

    public FrankingKeys(IOptions<ChatalotServerOptions> options)
    {
        _keys = Load(options.Value.DataDirectory);
        CurrentId = _keys.Keys.Max();
    }

    /// <summary>The key id that tags new bodies.</summary>
    public int CurrentId { get; }

    /// <summary>The tag of a newly accepted body under the current key.</summary>
    public (byte[] Tag, int KeyId) Tag(byte[] commitment, Guid senderId, Guid channelId, Guid messageId, DateTimeOffset serverTime) =>
        (FrankingFormat.Tag(_keys[CurrentId], commitment, senderId, channelId, messageId, serverTime), CurrentId);

    /// <summary>Whether <paramref name="tag"/> verifies under key <paramref name="keyId"/>; false for an unknown (retired) id.</summary>
    public bool Verify(int keyId, byte[] tag, byte[] commitment, Guid senderId, Guid channelId, Guid messageId, DateTimeOffset serverTime) =>
        _keys.TryGetValue(keyId, out var key) && FrankingFormat.VerifyTag(tag, key, commitment, senderId, channelId, messageId, serverTime);

    /// <summary>Identifies the key set without revealing it (HMACs of a fixed label under each key, in id order).</summary>
    public byte[] Fingerprint()
    {
        using var all = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (id, key) in _keys.OrderBy(k => k.Key))
        {
            all.AppendData(BitConverter.GetBytes(id));
            all.AppendData(HMACSHA256.HashData(key, "chatalot cluster key fingerprint: franking"u8));
        }

        return all.GetHashAndReset();
    }

    public override string ToString() => $"FrankingKeys(current {CurrentId}, {_keys.Count} keys)";

    private static Dictionary<int, byte[]> Load(string directory)
    {
        DataDirectory.Ensure(directory);
        var path = Path.Combine(directory, FileName);
        var keys = new Dictionary<int, byte[]>();
        if (File.Exists(path))
        {
            foreach (var line in File.ReadAllLines(path))
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (parts.Length == 0 || parts[0].StartsWith('#'))
                {
                    continue;
                }

                byte[] key;
                try
                {
                    key = Convert.FromBase64String(parts.Length == 2 ? parts[1] : "");
                }
                catch (FormatException)
                {
                    key = [];
                }

                if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0 || key.Length < 32 || !keys.TryAdd(id, key))
                {
                    // The line is not echoed: it may hold a key.
                    throw new InvalidOperationException($"{path}: every line must be '<key id> <base64 key of at least 32 bytes>' with distinct positive ids.");
                }
            }
        }

        if (keys.Count > 0)
        {
            return keys;
        }

        var fresh = RandomNumberGenerator.GetBytes(32);
        var temp = path + ".tmp";
        using (var stream = DataDirectory.CreateFile(temp))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write("1 " + Convert.ToBase64String(fresh) + "\n");
        }

        File.Move(temp, path, overwrite: true);
        keys[1] = fresh;
        return keys;
    }
}
