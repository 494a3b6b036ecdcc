using System.Reflection;
using Chatalot.Protocol.Errors;
using Chatalot.Server.Hosting.Accounts.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;

namespace Chatalot.Server.Hosting.Operations.Internal;

/// <summary>
/// The problem statuses each route declares in the OpenAPI document, so it says what rest.md's route tables say
/// (checked by <c>RestDocumentConformanceTests</c>): a route's own statuses (<see cref="Errors"/>) plus those every route
/// shares (<see cref="WithSharedProblems{TBuilder}"/>).
/// </summary>
internal static class ProblemResponses
{
    private static readonly string[] ProblemJson = ["application/problem+json"];

    /// <summary>Declares the route's own error statuses (rest.md's Errors column).</summary>
    public static RouteHandlerBuilder Errors(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            builder.WithMetadata(Problem(status));
        }

        return builder;
    }

    /// <summary>
    /// Adds the statuses rest.md §Errors gives every route: 400 and 429; 401 and 403 (suspended account) where a bearer
    /// token is required; 413 and 415 where the route reads a body; 409 where it writes. Runs last, when each endpoint's
    /// metadata is complete.
    /// </summary>
    public static TBuilder WithSharedProblems<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Finally(endpoint =>
        {
            List<int> statuses = [400, 429];
            var handler = endpoint.Metadata.OfType<MethodInfo>().FirstOrDefault();
            if (handler is not null && handler.GetParameters().Any(p => p.ParameterType == typeof(Caller)))
            {
                statuses.AddRange([401, 403]);
            }

            if (endpoint.Metadata.OfType<IAcceptsMetadata>().Any(a => a.RequestType is not null))
            {
                statuses.AddRange([413, 415]);
            }

            // RaceSafeWriteFilter answers 409 to a mutating request that keeps losing races.
            if (endpoint.Metadata.OfType<IHttpMethodMetadata>().Any(m => m.HttpMethods.Any(x => x is not ("GET" or "HEAD"))))
            {
                statuses.Add(409);
            }

            var declared = endpoint.Metadata.OfType<IProducesResponseTypeMetadata>().Select(p => p.StatusCode).ToHashSet();
            foreach (var status in statuses.Where(s => !declared.Contains(s)))
            {
                endpoint.Metadata.Add(Problem(status));
            }
        });
        return builder;
    }

    private static ProducesResponseTypeMetadata Problem(int status) => new(status, typeof(ChatalotProblemDetails), ProblemJson);
}
