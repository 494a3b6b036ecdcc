using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Chatalot.Protocol.Serialization;

namespace Chatalot.Fuzz.Targets;

/// <summary>Shared checks for the JSON targets: parse as the real callers do, and re-serialise what was accepted.</summary>
internal static class JsonContract
{
    /// <summary>
    /// Parses <paramref name="data"/> with the wire metadata of <typeparamref name="T"/>, both from a span (clients,
    /// gateway) and from a stream (the server's request bodies take another, resumable, code path). An accepted value
    /// must serialise again: the server re-encodes what it relays.
    /// </summary>
    public static void ParseBothWays<T>(ReadOnlySpan<byte> data, Func<Exception, bool> allowed)
        => ParseBothWays(data, ChatalotJson.GetTypeInfo<T>(), allowed);

    /// <summary>As <see cref="ParseBothWays{T}(ReadOnlySpan{byte}, Func{Exception, bool})"/> with a runtime type.</summary>
    public static void ParseBothWays(ReadOnlySpan<byte> data, JsonTypeInfo info, Func<Exception, bool> allowed)
    {
        object? fromSpan = null, fromStream = null;
        try
        {
            fromSpan = JsonSerializer.Deserialize(data, info);
        }
        catch (Exception ex) when (allowed(ex))
        {
        }

        using var stream = new MemoryStream(data.ToArray(), writable: false);
        try
        {
            fromStream = JsonSerializer.Deserialize(stream, info);
        }
        catch (Exception ex) when (allowed(ex))
        {
        }

        // Outside the try blocks: a failure to write back an accepted value is never part of the contract.
        Reserialize(fromSpan, info);
        Reserialize(fromStream, info);
    }

    private static void Reserialize(object? value, JsonTypeInfo info)
    {
        if (value is not null)
        {
            _ = JsonSerializer.SerializeToUtf8Bytes(value, info);
        }
    }
}
