using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Metadata;

namespace Chatalot.Server.Hosting.Common.Internal;

/// <summary>
/// Declares a route's JSON body for the OpenAPI document without making routing filter on <c>Content-Type</c>.
/// <c>Accepts&lt;T&gt;("application/json")</c> makes routing drop the endpoint for any other content type, so the
/// request fell through to whatever else matched (a host's <c>/api/{**rest}</c> fallback answered 404) or got a
/// bodiless 415. With no content types listed routing ignores the metadata, and <see cref="WireJson.ReadAsync{T}"/>
/// answers a wrong or missing content type with a 415 problem detail (rest.md §Conventions).
/// </summary>
internal static class WireBody
{
    public static RouteHandlerBuilder AcceptsJson<T>(this RouteHandlerBuilder builder, bool optional = false) =>
        builder.WithMetadata(new Metadata(typeof(T), optional));

    private sealed class Metadata(Type requestType, bool optional) : IAcceptsMetadata
    {
        public IReadOnlyList<string> ContentTypes => [];

        public Type? RequestType => requestType;

        public bool IsOptional => optional;
    }
}
