using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Chatalot.Server.Hosting.Operations.Internal;

/// <summary>
/// Makes the OpenAPI schemas describe the real wire format. The document generator follows the host's global JSON
/// options (camelCase, lenient numbers), while Chatalot routes serialise with their own settings: snake_case members,
/// snake_case enum strings, strict numbers and base64url bytes.
/// </summary>
internal static class WireSchemaTransformer
{
    public static Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        Fix(schema, depth: 0);
        var clrType = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
        if (clrType.IsEnum)
        {
            schema.Type = JsonSchemaType.String | (schema.Type is { } t && t.HasFlag(JsonSchemaType.Null) ? JsonSchemaType.Null : 0);
            schema.Format = null;
            schema.Pattern = null;
            schema.Enum = [.. Enum.GetNames(clrType).Select(n => (JsonNode)JsonValue.Create(JsonNamingPolicy.SnakeCaseLower.ConvertName(n)))];
        }

        return Task.CompletedTask;
    }

    /// <summary>Applies the same fixes to every component schema (nested ones are not always passed to schema transformers).</summary>
    public static Task TransformDocumentAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var schema in document.Components?.Schemas?.Values ?? [])
        {
            if (schema is OpenApiSchema concrete)
            {
                Fix(concrete, depth: 0);
            }
        }

        return Task.CompletedTask;
    }

    private static void Fix(OpenApiSchema schema, int depth)
    {
        if (depth > 16)
        {
            return;
        }

        var policy = JsonNamingPolicy.SnakeCaseLower;
        if (schema.Properties is { Count: > 0 } properties)
        {
            var renamed = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
            foreach (var (name, value) in properties)
            {
                renamed[policy.ConvertName(name)] = value;
                if (value is OpenApiSchema child)
                {
                    Fix(child, depth + 1);
                }
            }

            schema.Properties = renamed;
            if (schema.Required is { Count: > 0 } required)
            {
                schema.Required = new HashSet<string>(required.Select(policy.ConvertName), StringComparer.Ordinal);
            }
        }

        if (schema.Items is OpenApiSchema items)
        {
            Fix(items, depth + 1);
        }

        if (schema.Type is { } type && type.HasFlag(JsonSchemaType.Integer) && type.HasFlag(JsonSchemaType.String))
        {
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
        }

        if (schema.Format == "byte")
        {
            schema.Format = "base64url";
        }
    }
}
