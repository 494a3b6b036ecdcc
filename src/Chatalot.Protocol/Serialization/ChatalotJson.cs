using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Chatalot.Protocol.Serialization;

/// <summary>
/// The serializer settings of the Chatalot wire format (snake_case members, base64url bytes, snake_case enums,
/// RFC 3339 timestamps, strict required members), backed by source-generated metadata so it works trimmed and AOT.
/// </summary>
public static class ChatalotJson
{
    /// <summary>Read-only options for every wire read and write.</summary>
    public static JsonSerializerOptions Options => ChatalotJsonContext.Default.Options;

    /// <summary>The resolver to add to other options (for example ASP.NET Core's <c>JsonOptions</c>).</summary>
    public static IJsonTypeInfoResolver TypeInfoResolver => ChatalotJsonContext.Default;

    /// <summary>Gets the metadata of a wire contract.</summary>
    /// <typeparam name="T">A contract type from this package.</typeparam>
    /// <returns>The type's metadata.</returns>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not a wire contract.</exception>
    public static JsonTypeInfo<T> GetTypeInfo<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

    /// <summary>Serialises a contract to UTF-8 JSON.</summary>
    /// <typeparam name="T">A contract type from this package.</typeparam>
    /// <param name="value">The value.</param>
    /// <returns>The UTF-8 JSON bytes.</returns>
    public static byte[] SerializeToUtf8Bytes<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, GetTypeInfo<T>());

    /// <summary>Parses a contract from UTF-8 JSON.</summary>
    /// <typeparam name="T">A contract type from this package.</typeparam>
    /// <param name="utf8Json">The JSON.</param>
    /// <returns>The value.</returns>
    /// <exception cref="JsonException">The JSON is malformed, misses a required member or has a wrong type.</exception>
    public static T Deserialize<T>(ReadOnlySpan<byte> utf8Json) =>
        JsonSerializer.Deserialize(utf8Json, GetTypeInfo<T>()) ?? throw new JsonException("The JSON value is null.");
}
