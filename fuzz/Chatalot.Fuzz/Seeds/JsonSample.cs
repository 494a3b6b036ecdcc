using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Chatalot.Protocol.Serialization;

namespace Chatalot.Fuzz.Seeds;

/// <summary>
/// Builds a sample JSON document for any wire contract from its source-generated metadata (every member filled, one
/// element per list, each derived type of a polymorphic base), so the seeds follow the contracts as they change.
/// </summary>
internal static class JsonSample
{
    private const int MaxDepth = 6;

    /// <summary>One document per concrete shape of <paramref name="type"/>: the type itself, or each derived type.</summary>
    public static IEnumerable<(string Name, byte[] Json)> Documents(Type type)
    {
        var info = ChatalotJson.Options.GetTypeInfo(type);
        if (info.PolymorphismOptions is { } polymorphism)
        {
            foreach (var derived in polymorphism.DerivedTypes)
            {
                var node = Object(derived.DerivedType, 0);
                var tagged = new JsonObject { [polymorphism.TypeDiscriminatorPropertyName] = (string)derived.TypeDiscriminator! };
                foreach (var (key, value) in node)
                {
                    tagged[key] = value?.DeepClone();
                }

                yield return ((string)derived.TypeDiscriminator!, Bytes(tagged));
            }

            yield break;
        }

        yield return (type.Name, Bytes(Node(type, 0)));
    }

    private static byte[] Bytes(JsonNode? node) => JsonSerializer.SerializeToUtf8Bytes(node, JsonNodeContext.Default.JsonNode);

    private static JsonObject Object(Type type, int depth)
    {
        var result = new JsonObject();
        foreach (var property in ChatalotJson.Options.GetTypeInfo(type).Properties)
        {
            result[property.Name] = depth < MaxDepth ? Node(property.PropertyType, depth + 1) : null;
        }

        return result;
    }

    private static JsonNode? Node(Type type, int depth)
    {
        var info = ChatalotJson.Options.GetTypeInfo(type);
        return info.Kind switch
        {
            JsonTypeInfoKind.Object when info.PolymorphismOptions is { DerivedTypes: [var first, ..] } polymorphism =>
                WithTag(Object(first.DerivedType, depth), polymorphism.TypeDiscriminatorPropertyName, (string)first.TypeDiscriminator!),
            JsonTypeInfoKind.Object => Object(type, depth),
            JsonTypeInfoKind.Enumerable => new JsonArray(Node(info.ElementType!, depth + 1)),
            JsonTypeInfoKind.Dictionary => new JsonObject(),
            _ => JsonSerializer.SerializeToNode(Leaf(Nullable.GetUnderlyingType(type) ?? type), info),
        };
    }

    private static JsonObject WithTag(JsonObject node, string name, string tag)
    {
        node.Insert(0, name, tag);
        return node;
    }

    private static object? Leaf(Type type) => type switch
    {
        _ when type == typeof(string) => "sample",
        _ when type == typeof(Guid) => new Guid("0193a5f0-0000-7000-8000-000000000001"),
        _ when type == typeof(DateTimeOffset) => DateTimeOffset.UnixEpoch,
        _ when type == typeof(byte[]) => new byte[32],
        _ when type == typeof(bool) => true,
        _ when type.IsEnum => Enum.GetValues(type).GetValue(0),
        _ when Type.GetTypeCode(type) is >= TypeCode.SByte and <= TypeCode.Decimal => Convert.ChangeType(1, type, System.Globalization.CultureInfo.InvariantCulture),
        _ => null,
    };
}
