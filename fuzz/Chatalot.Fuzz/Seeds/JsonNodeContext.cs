using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Chatalot.Fuzz.Seeds;

/// <summary>Writes sample documents without reflection-based serialisation.</summary>
[JsonSerializable(typeof(JsonNode))]
internal sealed partial class JsonNodeContext : JsonSerializerContext;
