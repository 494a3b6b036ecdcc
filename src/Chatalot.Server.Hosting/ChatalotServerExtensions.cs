using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Chatalot.Server.Hosting;

/// <summary>
/// Registers and maps the Chatalot server inside an ASP.NET Core application.
/// </summary>
public static class ChatalotServerExtensions
{
    /// <summary>
    /// Adds the Chatalot server's services, binding <see cref="ChatalotServerOptions"/> from the
    /// <c>Chatalot</c> configuration section and then applying <paramref name="configure"/>.
    /// </summary>
    /// <param name="services">The application's service collection.</param>
    /// <param name="configuration">The configuration to bind options from, or <see langword="null"/>.</param>
    /// <param name="configure">Optional code that adjusts the options after binding.</param>
    /// <returns>The same service collection, for chaining.</returns>
    public static IServiceCollection AddChatalotServer(
        this IServiceCollection services,
        IConfiguration? configuration = null,
        Func<ChatalotServerOptions, ChatalotServerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<IOptions<ChatalotServerOptions>>(_ =>
        {
            var options = configuration?.GetSection(ChatalotServerOptions.SectionName).Get<ChatalotServerOptions>()
                ?? new ChatalotServerOptions();
            options = configure?.Invoke(options) ?? options;
            options.Validate();
            return Options.Create(options);
        });
        services.AddHealthChecks();
        return services;
    }

    /// <summary>
    /// Maps the Chatalot endpoints: health probes at <c>/health/live</c> and <c>/health/ready</c>.
    /// </summary>
    /// <param name="endpoints">The application's endpoint route builder.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IEndpointRouteBuilder MapChatalot(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/health/live", () => Results.Text("Healthy"));
        endpoints.MapHealthChecks("/health/ready");
        return endpoints;
    }
}
