using System.Runtime.CompilerServices;
using System.Text.Json;
using Chatalot.Crypto.Tests.Support;
using Chatalot.Protocol.Content;
using Chatalot.Protocol.Messages;

namespace Chatalot.Crypto.Tests.Vectors;

/// <summary>
/// Checked-in franking vectors (Vectors/franking-v1.json, crypto.md §14.7): a channel text and its edit, each with the
/// franking key drawn from the deterministic stream <c>franking-alice</c> (crypto.md §10) through the provider, the
/// padded content plaintext carrying it, the commitment, and the server's tag under a key from the stream
/// <c>franking-server</c>. Generated on both providers; CHATALOT_UPDATE_VECTORS=1 rewrites the file.
/// </summary>
public class FrankingVectorTests
{
    private static readonly DateTimeOffset Epoch = DateTimeOffset.FromUnixTimeSeconds(1_767_225_600); // 2026-01-01
    private static readonly Guid Channel = Guid.Parse("0193a5c0-0000-7000-8000-00000000c0de");
    private static readonly Guid Alice = Guid.Parse("0193a5c0-0000-7000-8000-0000000a11ce");
    private static readonly Guid Message = Guid.Parse("0193a5c0-0002-7000-8000-000000000001");
    private static readonly Guid ClientId = Guid.Parse("0193a5c0-0001-7000-8000-0000000000c1");
    private static readonly Guid EditClientId = Guid.Parse("0193a5c0-0001-7000-8000-0000000000c2");
    private const int AliceDevice = 11;

    [Fact]
    public void Vectors_AreIdenticalOnBothProviders_AndMatchTheCheckedInFile()
    {
        var sodium = Generate(CryptoProviderKind.Sodium);
        Assert.Equal(sodium, Generate(CryptoProviderKind.Managed));

        var path = VectorPath();
        if (Environment.GetEnvironmentVariable("CHATALOT_UPDATE_VECTORS") == "1")
        {
            File.WriteAllText(path, JsonSerializer.Serialize(sodium, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        }

        var checkedIn = JsonSerializer.Deserialize<SortedDictionary<string, string>>(File.ReadAllText(path))!;
        Assert.Equal(checkedIn.Keys, sodium.Keys);
        foreach (var (key, value) in checkedIn)
        {
            Assert.True(value == sodium[key], $"Vector '{key}' changed.");
        }
    }

    [Theory]
    [MemberData(nameof(Providers.Kinds), MemberType = typeof(Providers))]
    public void CheckedInOpenings_Verify_AndTamperedOnesDoNot(CryptoProviderKind kind)
    {
        _ = kind; // HMAC-SHA256 comes from the base library on both providers; the theory keeps both in the run.
        var v = JsonSerializer.Deserialize<SortedDictionary<string, string>>(File.ReadAllText(VectorPath()))!;
        var serverKey = Convert.FromHexString(v["server_key"]);
        foreach (var body in new[] { "send", "edit" })
        {
            var fk = Convert.FromHexString(v[$"{body}.franking_key"]);
            var plaintext = Convert.FromHexString(v[$"{body}.plaintext"]);
            var commitment = Convert.FromHexString(v[$"{body}.commitment"]);
            var tag = Convert.FromHexString(v[$"{body}.tag"]);
            var time = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(v[$"{body}.server_time_ms"], System.Globalization.CultureInfo.InvariantCulture));
            var context = new FrankingContext(Guid.Parse(v["scenario.sender_id"]), int.Parse(v["scenario.sender_device_id"], System.Globalization.CultureInfo.InvariantCulture),
                Guid.Parse(v["scenario.channel_id"]), v["scenario.idempotency_key"]);
            var message = Guid.Parse(v["scenario.message_id"]);

            Assert.True(Chatalot.Crypto.Franking.VerifyOpening(fk, plaintext, context, commitment, tag, serverKey, message, time));
            Assert.Equal(fk, ContentCodec.Decode(plaintext).FrankingKey);
            Assert.False(Chatalot.Crypto.Franking.VerifyOpening(fk, plaintext, context, commitment, tag, serverKey, Guid.CreateVersion7(), time));
            Assert.False(Chatalot.Crypto.Franking.VerifyOpening(fk, plaintext, context, commitment, tag, serverKey, message, time.AddSeconds(1)));
            Assert.False(Chatalot.Crypto.Franking.VerifyOpening(new byte[32], plaintext, context, commitment, tag, serverKey, message, time));
        }
    }

    private static SortedDictionary<string, string> Generate(CryptoProviderKind kind)
    {
        var alice = CryptoProvider.Create(kind, new DeterministicRandom("chatalot-v2-vectors/franking-alice"));
        var serverKey = new byte[32];
        new DeterministicRandom("chatalot-v2-vectors/franking-server").Fill(serverKey);
        var key = ClientId.ToString("N");
        var context = new FrankingContext(Alice, AliceDevice, Channel, key);
        var v = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["scenario.sender_id"] = Alice.ToString(),
            ["scenario.sender_device_id"] = AliceDevice.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["scenario.channel_id"] = Channel.ToString(),
            ["scenario.idempotency_key"] = key,
            ["scenario.message_id"] = Message.ToString(),
            ["server_key"] = Convert.ToHexStringLower(serverKey),
        };

        var bodies = new (string Label, MessageContent Content, DateTimeOffset Time)[]
        {
            ("send", MessageContent.CreateText("franked hello") with { ClientMessageId = ClientId, SentAt = Epoch }, Epoch.AddMilliseconds(250)),
            ("edit", MessageContent.CreateText("franked hello, edited") with
            {
                Kind = ContentKind.Edit,
                Target = new MessageRef(Message, Alice, ClientId),
                ClientMessageId = EditClientId,
                SentAt = Epoch.AddMinutes(1),
            }, Epoch.AddMinutes(1).AddMilliseconds(250)),
        };
        foreach (var (label, content, time) in bodies)
        {
            var fk = Chatalot.Crypto.Franking.NewKey(alice);
            var plaintext = ContentCodec.Encode(content with
            {
                Conversation = new ConversationRef(ConversationKind.Channel, Channel),
                Sender = new ContentSender(Alice, AliceDevice),
                FrankingKey = fk,
            });
            var commitment = Chatalot.Crypto.Franking.Commit(fk, plaintext, context);
            v[$"{label}.franking_key"] = Convert.ToHexStringLower(fk);
            v[$"{label}.plaintext"] = Convert.ToHexStringLower(plaintext);
            v[$"{label}.commitment"] = Convert.ToHexStringLower(commitment);
            v[$"{label}.server_time_ms"] = time.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            v[$"{label}.tag"] = Convert.ToHexStringLower(FrankingFormat.Tag(serverKey, commitment, Alice, Channel, Message, time));
        }

        return v;
    }

    private static string VectorPath([CallerFilePath] string source = "") => Path.Combine(Path.GetDirectoryName(source)!, "franking-v1.json");
}
