using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Chatalot.Protocol.Serialization;

/// <summary>
/// Writes byte arrays as unpadded base64url strings (RFC 4648 §5) and reads them back.
/// Padded input is accepted too; anything else fails with a <see cref="JsonException"/>.
/// </summary>
public sealed class Base64UrlBytesConverter : JsonConverter<byte[]>
{
    /// <inheritdoc />
    public override byte[]? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("Expected a base64url string.");
        }

        var text = reader.GetString()!;
        try
        {
            return Base64Url.DecodeFromChars(text.AsSpan().TrimEnd('='));
        }
        catch (FormatException ex)
        {
            throw new JsonException("The value is not valid base64url.", ex);
        }
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, byte[] value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStringValue(Base64Url.EncodeToString(value));
    }
}
