using System.Text.Json;
using Chatalot.Protocol.Content.Internal;
using Chatalot.Protocol.Serialization;

namespace Chatalot.Protocol.Content;

/// <summary>
/// Encodes and decodes content format v1 (content.md §5): UTF-8 JSON padded to a multiple of
/// <see cref="PaddingBlock"/> bytes (ISO/IEC 7816-4: one <c>0x80</c>, then zeros), so ciphertext lengths reveal little.
/// Decoding checks the rules of each kind; a receiver never sees a half-valid content.
/// </summary>
public static class ContentCodec
{
    /// <summary>The content format major version this library writes and reads.</summary>
    public const int FormatVersion = 1;

    /// <summary>Plaintexts are padded to a multiple of this many bytes.</summary>
    public const int PaddingBlock = 128;

    /// <summary>Validates and encodes a message content.</summary>
    /// <param name="content">The content, with its binding members set.</param>
    /// <returns>The padded plaintext to encrypt.</returns>
    /// <exception cref="ContentFormatException">The content breaks a rule of its kind (<see cref="ContentFormatException.InvalidCode"/>).</exception>
    public static byte[] Encode(MessageContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        ContentRules.Check(content);
        return Pad(ChatalotJson.SerializeToUtf8Bytes(content));
    }

    /// <summary>Decodes and validates a decrypted message plaintext.</summary>
    /// <param name="plaintext">The padded plaintext.</param>
    /// <returns>The content; its kind may be one this version does not know (<see cref="MessageContent.IsKnownKind"/>).</returns>
    /// <exception cref="ContentFormatException">Malformed, an unsupported major version, or invalid.</exception>
    public static MessageContent Decode(ReadOnlySpan<byte> plaintext)
    {
        var content = Parse<MessageContent>(plaintext);
        CheckVersion(content.Version);
        ContentRules.Check(content);
        return content;
    }

    /// <summary>Validates and encodes a to-device payload.</summary>
    /// <param name="payload">The payload.</param>
    /// <returns>The padded plaintext to encrypt.</returns>
    /// <exception cref="ContentFormatException">The payload breaks a rule of its kind.</exception>
    public static byte[] Encode(DevicePayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ContentRules.Check(payload);
        return Pad(ChatalotJson.SerializeToUtf8Bytes(payload));
    }

    /// <summary>Decodes and validates a decrypted to-device plaintext.</summary>
    /// <param name="plaintext">The padded plaintext.</param>
    /// <returns>The payload.</returns>
    /// <exception cref="ContentFormatException">Malformed, an unsupported major version, or invalid.</exception>
    public static DevicePayload DecodeDevicePayload(ReadOnlySpan<byte> plaintext)
    {
        var payload = Parse<DevicePayload>(plaintext);
        CheckVersion(payload.Version);
        ContentRules.Check(payload);
        return payload;
    }

    private static byte[] Pad(byte[] json)
    {
        var padded = new byte[((json.Length / PaddingBlock) + 1) * PaddingBlock];
        json.CopyTo(padded, 0);
        padded[json.Length] = 0x80;
        return padded;
    }

    private static T Parse<T>(ReadOnlySpan<byte> plaintext)
    {
        if (plaintext.Length == 0 || plaintext.Length % PaddingBlock != 0)
        {
            throw new ContentFormatException(ContentFormatException.MalformedCode, "The plaintext is not padded to the block size.");
        }

        var end = plaintext.LastIndexOfAnyExcept((byte)0);
        if (end < 0 || plaintext[end] != 0x80)
        {
            throw new ContentFormatException(ContentFormatException.MalformedCode, "The plaintext's padding is invalid.");
        }

        try
        {
            return ChatalotJson.Deserialize<T>(plaintext[..end]);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException)
        {
            throw new ContentFormatException(ContentFormatException.MalformedCode, "The plaintext is not valid content JSON.", ex);
        }
    }

    private static void CheckVersion(int version)
    {
        if (version != FormatVersion)
        {
            throw new ContentFormatException(ContentFormatException.UnsupportedVersionCode, $"Content format version {version} is not supported.");
        }
    }
}
