using System.Text.Json.Serialization;
using Chatalot.Samples.Web.Theming;
using Chatalot.Samples.Web.Vault;

namespace Chatalot.Samples.Web;

/// <summary>Source-generated JSON for what the app keeps in the browser (trimming-safe).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ThemeSettings))]
[JsonSerializable(typeof(Chat.ChatMessage))]
[JsonSerializable(typeof(Chat.CallSettings))]
[JsonSerializable(typeof(Chat.KeptContent))]
[JsonSerializable(typeof(VaultEnvelope))]
[JsonSerializable(typeof(VaultContents))]
internal sealed partial class WebJsonContext : JsonSerializerContext;
