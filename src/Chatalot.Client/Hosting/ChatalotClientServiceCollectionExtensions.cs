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
    /// <exception cref="InvalidOperationException">A client is already registered without a name (register further ones with a name).</exception>
    public static IServiceCollection AddChatalotClient(this IServiceCollection services, Func<IServiceProvider, ChatalotClientOptions> options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);

        AddOptionsPlumbing(services).Add(Microsoft.Extensions.Options.Options.DefaultName, options);
        // The options pattern: IOptions<ChatalotClientOptions>, validated when the host starts (not at first use).
        services.AddOptions<ChatalotClientOptions>().ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ChatalotClientOptions>>().Value);
        services.AddSingleton(sp => new ChatalotClient(
            sp.GetRequiredService<IOptions<ChatalotClientOptions>>(),
            sp.GetService<ILoggerFactory>(),
            sp.GetService<TimeProvider>(),
            sp.GetService<IMeterFactory>()));
        services.AddSingleton<IChatalotClient>(sp => sp.GetRequiredService<ChatalotClient>());
        return services;
    }

    /// <summary>
    /// Registers a further, named client (another account, or another server) as a keyed service: resolve it with
    /// <c>[FromKeyedServices("name")] IChatalotClient</c> or <c>GetRequiredKeyedService&lt;IChatalotClient&gt;("name")</c>,
    /// and point a bot at it with <see cref="Chatalot.Client.Bots.ChatalotBotOptions.ClientName"/>. Its options are
    /// <c>IOptionsMonitor&lt;ChatalotClientOptions&gt;.Get("name")</c>, validated when the host starts. Each client has its
    /// own account, device keys and store: give each its own <see cref="ChatalotClientOptions.StorePath"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The client's name (its service key).</param>
    /// <param name="options">Builds the options from the container.</param>
    /// <returns>The service collection.</returns>
    /// <exception cref="InvalidOperationException">A client of that name is already registered.</exception>
    public static IServiceCollection AddChatalotClient(this IServiceCollection services, string name, Func<IServiceProvider, ChatalotClientOptions> options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(options);

        AddOptionsPlumbing(services).Add(name, options);
        services.AddOptions<ChatalotClientOptions>(name).ValidateOnStart();
        services.AddKeyedSingleton(name, (sp, key) => new ChatalotClient(
            Microsoft.Extensions.Options.Options.Create(sp.GetRequiredService<IOptionsMonitor<ChatalotClientOptions>>().Get((string)key!)),
            sp.GetService<ILoggerFactory>(),
            sp.GetService<TimeProvider>(),
            sp.GetService<IMeterFactory>()));
        services.AddKeyedSingleton<IChatalotClient>(name, (sp, key) => sp.GetRequiredKeyedService<ChatalotClient>(key));
        return services;
    }

    /// <summary>Registers a named client configured from a configuration section (see the unnamed overload for the keys).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The client's name (its service key).</param>
    /// <param name="section">The section, for example <c>builder.Configuration.GetSection("Alerts")</c>.</param>
    /// <param name="configure">Adjusts the bound options (for settings configuration cannot express).</param>
    /// <returns>The service collection.</returns>
    /// <exception cref="InvalidOperationException">A client of that name is already registered.</exception>
    public static IServiceCollection AddChatalotClient(this IServiceCollection services, string name, IConfiguration section, Func<ChatalotClientOptions, ChatalotClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(section);
        return services.AddChatalotClient(name, _ =>
        {
            var options = ChatalotClientOptions.FromConfiguration(section);
            return configure is null ? options : configure(options);
        });
    }

    private static ChatalotClientRegistry AddOptionsPlumbing(IServiceCollection services)
    {
        var registry = ChatalotClientRegistry.Of(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ChatalotClientOptions>, ChatalotClientOptionsValidator>());
        services.TryAddSingleton<IOptionsFactory<ChatalotClientOptions>, ChatalotClientOptionsFactory>();
        return registry;
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
