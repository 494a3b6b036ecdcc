using System.Diagnostics.Metrics;
using Chatalot.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Chatalot.Client.Hosting.Internal;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers a <see cref="ChatalotClient"/> in a service collection.</summary>
public static class ChatalotClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers one <see cref="ChatalotClient"/> (also as <see cref="IChatalotClient"/>) built from
    /// <paramref name="options"/>. It uses the container's <see cref="ILoggerFactory"/>, <see cref="TimeProvider"/> and
    /// <see cref="IMeterFactory"/> when registered, and is disposed with the container. Connect it yourself, or add a bot
    /// with <c>AddChatalotBot</c>, which connects it when the host starts.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="options">Builds the options from the container (for example from configuration).</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddChatalotClient(this IServiceCollection services, Func<IServiceProvider, ChatalotClientOptions> options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);

        // The options pattern: IOptions<ChatalotClientOptions>, validated when the host starts (not at first use).
        services.AddOptions<ChatalotClientOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ChatalotClientOptions>, ChatalotClientOptionsValidator>());
        services.TryAddSingleton<IOptionsFactory<ChatalotClientOptions>>(sp =>
            new ChatalotClientOptionsFactory(options, sp, sp.GetServices<IValidateOptions<ChatalotClientOptions>>()));
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<ChatalotClientOptions>>().Value);
        services.TryAddSingleton(sp => new ChatalotClient(
            sp.GetRequiredService<IOptions<ChatalotClientOptions>>(),
            sp.GetService<ILoggerFactory>(),
            sp.GetService<TimeProvider>(),
            sp.GetService<IMeterFactory>()));
        services.TryAddSingleton<IChatalotClient>(sp => sp.GetRequiredService<ChatalotClient>());
        return services;
    }

    /// <summary>Registers a client with fixed options.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="options">The options.</param>
    /// <returns>The service collection.</returns>
    /// <exception cref="ArgumentException"><paramref name="options"/> are invalid.</exception>
    public static IServiceCollection AddChatalotClient(this IServiceCollection services, ChatalotClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return services.AddChatalotClient(_ => options);
    }

    /// <summary>
    /// Registers a client configured from a configuration section: every setting is bindable (nested ones as
    /// <c>Reconnect:MaxDelay</c>, <c>KeyRecovery:ReportAfter</c>…; see <see cref="ChatalotClientOptions.FromConfiguration"/>),
    /// exposed as <c>IOptions&lt;ChatalotClientOptions&gt;</c> and validated when the host starts.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="section">The section, for example <c>builder.Configuration.GetSection("Chatalot")</c>.</param>
    /// <param name="configure">Adjusts the bound options (for settings configuration cannot express).</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddChatalotClient(this IServiceCollection services, IConfiguration section, Func<ChatalotClientOptions, ChatalotClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(section);
        return services.AddChatalotClient(_ =>
        {
            var options = ChatalotClientOptions.FromConfiguration(section);
            return configure is null ? options : configure(options);
        });
    }
}
