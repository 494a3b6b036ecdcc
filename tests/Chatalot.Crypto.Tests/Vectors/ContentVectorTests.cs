using System.Runtime.CompilerServices;
using System.Text.Json;
using Chatalot.Crypto.Tests.Support;
using Chatalot.Protocol.Content;

namespace Chatalot.Crypto.Tests.Vectors;

/// <summary>
/// Checked-in content format vectors (Vectors/content-v1.json, content.md §8): for every kind and to-device payload the
/// scenario's parameters, the encoded (padded) plaintext and its ciphertext — sender-key for channel kinds, pairwise
/// for the DM and the payloads — generated on both providers with deterministic randomness (crypto.md §10, parties
/// <c>content-alice</c>, <c>content-bob</c>, <c>content-bob-session</c>). CHATALOT_UPDATE_VECTORS=1 rewrites the file.
/// </summary>
public class ContentVectorTests
{
    private static readonly DateTimeOffset Epoch = DateTimeOffset.FromUnixTimeSeconds(1_767_225_600); // 2026-01-01
    private static readonly Guid Channel = Guid.Parse("0193a5c0-0000-7000-8000-00000000c0de");
    private static readonly Guid Dm = Guid.Parse("0193a5c0-0000-7000-8000-0000000000d0");
    private static readonly Guid Alice = Guid.Parse("0193a5c0-0000-7000-8000-0000000a11ce");
    private static readonly Guid Bob = Guid.Parse("0193a5c0-0000-7000-8000-000000000b0b");
    private static readonly Guid Target = Guid.Parse("0193a5c0-0001-7000-8000-000000000001");
    private static readonly Guid TargetClientId = Guid.Parse("0193a5c0-0001-7000-8000-0000000000c1");
    private const int AliceDevice = 11;
    private const int BobDevice = 22;

    [Fact]
    public async Task Vectors_AreIdenticalOnBothProviders_AndMatchTheCheckedInFile()
    {
        var sodium = await GenerateAsync(CryptoProviderKind.Sodium);
        var managed = await GenerateAsync(CryptoProviderKind.Managed);
        Assert.Equal(sodium, managed);

        var path = VectorPath();
        if (Environment.GetEnvironmentVariable("CHATALOT_UPDATE_VECTORS") == "1")
        {
            await File.WriteAllTextAsync(path, JsonSerializer.Serialize(sodium, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
        }

        var checkedIn = JsonSerializer.Deserialize<SortedDictionary<string, string>>(await File.ReadAllTextAsync(path))!;
        Assert.Equal(checkedIn.Keys, sodium.Keys);
        foreach (var (key, value) in checkedIn)
        {
            Assert.True(value == sodium[key], $"Vector '{key}' changed.");
        }
    }

    [Theory]
    [MemberData(nameof(Providers.Kinds), MemberType = typeof(Providers))]
    public async Task CheckedInCiphertexts_DecryptAndDecode_ToTheScenario(CryptoProviderKind kind)
    {
        var vectors = JsonSerializer.Deserialize<SortedDictionary<string, string>>(await File.ReadAllTextAsync(VectorPath()))!;
        var provider = Providers.Get(kind);

        // Channel kinds: install the chain from the distribution (as a member would), then decrypt in order.
        var (bob, _) = CreateBob(kind);
        var alice = new ProtocolAddress(Alice.ToString(), AliceDevice);
        var name = new SenderKeyName(Channel.ToString(), alice);
        await new GroupSessionBuilder(bob, provider).ProcessAsync(name, SenderKeyDistributionMessage.Parse(Convert.FromHexString(vectors["sender_key.distribution"])));
        var group = new GroupCipher(bob, name, provider);
        foreach (var (label, expected) in ChannelScenario())
        {
            var plaintext = await group.DecryptAsync(Convert.FromHexString(vectors[$"channel.{label}.ciphertext"]));
            Assert.Equal(vectors[$"channel.{label}.plaintext"], Convert.ToHexStringLower(plaintext));
            var decoded = ContentCodec.Decode(plaintext);
            Assert.Equal(ContentCodec.Encode(expected), ContentCodec.Encode(decoded));
            Assert.Equal(label != "unknown", decoded.IsKnownKind);
        }

        // The DM and the to-device payloads travel pairwise.
        var session = new SessionCipher(bob, alice, provider);
        var dm = ContentCodec.Decode(await session.DecryptAsync(Convert.FromHexString(vectors["dm.text.ciphertext"])));
        Assert.Equal(ContentCodec.Encode(DmText()), ContentCodec.Encode(dm));
        foreach (var (label, expected) in DeviceScenario(Convert.FromHexString(vectors["sender_key.distribution"])))
        {
            var payload = ContentCodec.DecodeDevicePayload(await session.DecryptAsync(Convert.FromHexString(vectors[$"device.{label}.ciphertext"])));
            Assert.Equal(ContentCodec.Encode(expected), ContentCodec.Encode(payload));
        }
    }

    private static string VectorPath([CallerFilePath] string source = "") => Path.Combine(Path.GetDirectoryName(source)!, "content-v1.json");

    private static CryptoProvider Deterministic(CryptoProviderKind kind, string party) =>
        CryptoProvider.Create(kind, new DeterministicRandom("chatalot-v2-vectors/" + party));

    private static MessageContent Bound(MessageContent content, int index, ConversationKind conversation = ConversationKind.Channel) => content with
    {
        Conversation = new ConversationRef(conversation, conversation == ConversationKind.Channel ? Channel : Dm),
        Sender = new ContentSender(Alice, AliceDevice),
        ClientMessageId = Guid.Parse($"0193a5c0-0002-7000-8000-{index:x12}"),
        SentAt = Epoch.AddSeconds(index),
    };

    private static MessageRef TargetRef => new(Target, Alice, TargetClientId);

    /// <summary>The channel kinds, in the order they are encrypted on one chain.</summary>
    private static IEnumerable<(string Label, MessageContent Content)> ChannelScenario()
    {
        var thumbnail = new AttachmentThumbnail([.. Enumerable.Range(0, 48).Select(i => (byte)i)], "image/webp", 8, 6);
        var attachment = new AttachmentRef(
            Guid.Parse("0193a5c0-0003-7000-8000-0000000000f1"),
            [.. Enumerable.Range(0, 32).Select(i => (byte)(i + 1))],
            [.. Enumerable.Range(0, 32).Select(i => (byte)(0xff - i))],
            5000,
            "image/png",
            "cat.png",
            thumbnail);
        var unknown = new MessageContent
        {
            Kind = "future_kind",
            Text = "fallback text",
            Extensions = new() { ["future_member"] = JsonDocument.Parse("{\"answer\":42}").RootElement.Clone() },
        };
        MessageContent[] kinds =
        [
            MessageContent.CreateText("**hello** @bob", [Bob]),
            MessageContent.CreateReply(TargetRef, "a reply"),
            MessageContent.CreateThreadReply(TargetRef, "in the thread"),
            MessageContent.CreateEdit(TargetRef, "edited text"),
            MessageContent.CreateDelete(TargetRef),
            MessageContent.CreateReaction(TargetRef, "👍"),
            MessageContent.CreateReaction(TargetRef, "👍", remove: true),
            MessageContent.CreatePoll(new PollDefinition("Lunch?", ["Pizza", "Sushi", "Salad"], MultiSelect: true, ClosesAt: Epoch.AddDays(1))),
            MessageContent.CreatePollVote(TargetRef, [0, 2]),
            MessageContent.CreatePollClose(TargetRef),
            MessageContent.CreatePin(TargetRef),
            MessageContent.CreatePin(TargetRef, unpin: true),
            MessageContent.CreateText("a file") with { Attachments = [attachment] },
            unknown,
            MessageContent.CreateText("passed along") with { ForwardedFrom = new ForwardedFrom(Bob, Epoch, Channel) },
        ];
        string[] labels = ["text", "reply", "thread_reply", "edit", "delete", "reaction_add", "reaction_remove", "poll_create", "poll_vote", "poll_close", "pin", "unpin", "attachment", "unknown", "forwarded"];
        return labels.Select((label, i) => (label, Bound(kinds[i], i + 1)));
    }

    private static MessageContent DmText() => Bound(MessageContent.CreateText("hello bob, privately"), 100, ConversationKind.Dm);

    private static IEnumerable<(string Label, DevicePayload Payload)> DeviceScenario(byte[] distribution)
    {
        var sender = new ContentSender(Alice, AliceDevice);
        var channel = new ConversationRef(ConversationKind.Channel, Channel);
        var request = Guid.Parse("0193a5c0-0004-7000-8000-0000000000e1");
        yield return ("sender_key", new DevicePayload { Kind = DevicePayloadKind.SenderKey, Sender = sender, Conversation = channel, ChainId = 0x0102_0304, Distribution = distribution });
        yield return ("key_request", new DevicePayload { Kind = DevicePayloadKind.KeyRequest, Sender = sender, Conversation = channel, ChainId = 0x0102_0304, Iteration = 5, RequestId = request });
        yield return ("key_withheld", new DevicePayload { Kind = DevicePayloadKind.KeyWithheld, Sender = sender, Conversation = channel, ChainId = 0x0102_0304, RequestId = request, Code = KeyWithheldCodes.Unauthorised });
        yield return ("bookmark_add", new DevicePayload { Kind = DevicePayloadKind.BookmarkAdd, Sender = sender, Conversation = channel, Target = TargetRef, Note = "read later", SentAt = Epoch.AddSeconds(200) });
        yield return ("bookmark_remove", new DevicePayload { Kind = DevicePayloadKind.BookmarkRemove, Sender = sender, Conversation = channel, Target = TargetRef, SentAt = Epoch.AddSeconds(201) });
    }

    private static (InMemoryProtocolStore Store, PreKeyBundle Bundle) CreateBob(CryptoProviderKind kind)
    {
        var provider = Deterministic(kind, "content-bob");
        var identity = IdentityKeyPair.Generate(provider);
        var address = new ProtocolAddress(Bob.ToString(), BobDevice);
        var store = new InMemoryProtocolStore(identity, address);
        var signed = SignedPreKeyRecord.Generate(identity, 1, Epoch, provider);
        var oneTime = PreKeyRecord.Generate(7, provider);
        var kem = KemPreKeyRecord.Generate(identity, 21, isLastResort: false, Epoch, provider);
        store.StoreSignedPreKeyAsync(signed).AsTask().GetAwaiter().GetResult();
        store.StorePreKeyAsync(oneTime).AsTask().GetAwaiter().GetResult();
        store.StoreKemPreKeyAsync(kem).AsTask().GetAwaiter().GetResult();
        return (store, PreKeyBundle.FromRecords(address, identity.PublicKey, signed, kem, oneTime));
    }

    private static async Task<SortedDictionary<string, string>> GenerateAsync(CryptoProviderKind kind)
    {
        var v = new SortedDictionary<string, string>(StringComparer.Ordinal);
        static string H(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

        v["scenario.channel_id"] = Channel.ToString();
        v["scenario.dm_channel_id"] = Dm.ToString();
        v["scenario.alice.user_id"] = Alice.ToString();
        v["scenario.alice.device_id"] = AliceDevice.ToString(System.Globalization.CultureInfo.InvariantCulture);
        v["scenario.bob.user_id"] = Bob.ToString();
        v["scenario.bob.device_id"] = BobDevice.ToString(System.Globalization.CultureInfo.InvariantCulture);
        v["scenario.target"] = $"message_id {Target}, author_id {Alice}, client_message_id {TargetClientId}";
        v["scenario.client_message_id"] = "0193a5c0-0002-7000-8000-<index as 12 hex digits>, sent_at 2026-01-01T00:00:00Z + index seconds";
        v["scenario.random"] = "chatalot-v2-vectors/<party>, parties content-alice (identity, then the chain), content-bob, content-bob-session";

        var aliceProvider = Deterministic(kind, "content-alice");
        var aliceIdentity = IdentityKeyPair.Generate(aliceProvider);
        var aliceAddress = new ProtocolAddress(Alice.ToString(), AliceDevice);
        var alice = new InMemoryProtocolStore(aliceIdentity, aliceAddress);
        var (_, bundle) = CreateBob(kind);

        var name = new SenderKeyName(Channel.ToString(), aliceAddress);
        var distribution = await new GroupSessionBuilder(alice, aliceProvider).CreateDistributionMessageAsync(name);
        var distributionBytes = distribution.Serialize();
        v["sender_key.distribution"] = H(distributionBytes);
        var group = new GroupCipher(alice, name, aliceProvider);
        foreach (var (label, content) in ChannelScenario())
        {
            var plaintext = ContentCodec.Encode(content);
            v[$"channel.{label}.json"] = System.Text.Encoding.UTF8.GetString(plaintext.AsSpan(0, plaintext.AsSpan().LastIndexOf((byte)0x80)));
            v[$"channel.{label}.plaintext"] = H(plaintext);
            v[$"channel.{label}.ciphertext"] = H(await group.EncryptAsync(plaintext));
        }

        await new SessionBuilder(alice, bundle.Address, aliceProvider).ProcessPreKeyBundleAsync(bundle);
        var session = new SessionCipher(alice, bundle.Address, aliceProvider);
        var dm = ContentCodec.Encode(DmText());
        v["dm.text.plaintext"] = H(dm);
        v["dm.text.ciphertext"] = H(await session.EncryptAsync(dm));
        foreach (var (label, payload) in DeviceScenario(distributionBytes))
        {
            var plaintext = ContentCodec.Encode(payload);
            v[$"device.{label}.plaintext"] = H(plaintext);
            v[$"device.{label}.ciphertext"] = H(await session.EncryptAsync(plaintext));
        }

        return v;
    }
}
