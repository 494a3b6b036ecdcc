using System.Text.Json;
using System.Text.Json.Serialization;

namespace Chatalot.Protocol.Content;

/// <summary>
/// The plaintext of a to-device message (content.md §6): key material and key requests between devices, always
/// carried over a pairwise ratchet session. Like <see cref="MessageContent"/> it binds its sender and conversation.
/// </summary>
public sealed record DevicePayload
{
    /// <summary>Creates an empty content; set <see cref="Kind"/> and the members of that kind.</summary>
    [JsonConstructor]
    public DevicePayload()
    {
    }

    /// <summary>The content format major version (<see cref="ContentCodec.FormatVersion"/>).</summary>
    [JsonPropertyName("v")]
    public int Version { get; init; } = ContentCodec.FormatVersion;

    /// <summary>One of <see cref="DevicePayloadKind"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>The sending user and device; must equal the pairwise session's peer.</summary>
    public required ContentSender Sender { get; init; }

    /// <summary>The channel the key belongs to; for a bookmark, the conversation of the bookmarked message.</summary>
    public required ConversationRef Conversation { get; init; }

    /// <summary>The sender-key chain concerned.</summary>
    public uint? ChainId { get; init; }

    /// <summary>For a request: the first iteration wanted.</summary>
    public uint? Iteration { get; init; }

    /// <summary>For <see cref="DevicePayloadKind.SenderKey"/>: the 74-byte distribution message (crypto.md §7.2).</summary>
    public byte[]? Distribution { get; init; }

    /// <summary>Correlates a request with its answer.</summary>
    public Guid? RequestId { get; init; }

    /// <summary>For <see cref="DevicePayloadKind.KeyWithheld"/>: why (<see cref="KeyWithheldCodes"/>).</summary>
    public string? Code { get; init; }

    /// <summary>For <see cref="DevicePayloadKind.BookmarkAdd"/> and <see cref="DevicePayloadKind.BookmarkRemove"/>: the message.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public MessageRef? Target { get; init; }

    /// <summary>For <see cref="DevicePayloadKind.BookmarkAdd"/>: the user's own note, if any.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Note { get; init; }

    /// <summary>For a bookmark change: when the user made it; the latest change of a message wins on every device.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? SentAt { get; init; }

    /// <summary>For <see cref="DevicePayloadKind.CallSignal"/>: the signal.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CallSignal? Call { get; init; }

    /// <summary>Members this version does not know.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extensions { get; set; }

    /// <summary>Describes the payload without key material or a bookmark's note.</summary>
    /// <returns>The kind, ids and chain.</returns>
    public override string ToString() =>
        $"DevicePayload {{ Kind = {Kind}, Conversation = {Conversation.Id}, Sender = {Sender.UserId}/{Sender.DeviceId}, ChainId = {ChainId}, Iteration = {Iteration}, Target = {Target?.MessageId}, Call = {Call?.Type} }}";
}
