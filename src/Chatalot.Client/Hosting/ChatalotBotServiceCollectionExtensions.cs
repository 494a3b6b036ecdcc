using System.Diagnostics.CodeAnalysis;
using Chatalot.Client.Bots;
using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers a Chatalot bot as a hosted service.</summary>
public static class ChatalotBotServiceCollectionExtensions
{
    /// <summary>
    /// Runs <typeparamref name="TBot"/> as a hosted service on the registered <c>IChatalotClient</c>
    /// (add one with <c>AddChatalotClient</c>). Configure commands, middlewares and handlers on the returned builder.
    /// </summary>
    /// <typeparam name="TBot">The bot; resolved from a fresh scope per event.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="options">Bot settings; defaults when null.</param>
    /// <returns>A builder for commands and handlers.</returns>
    /// <exception cref="ArgumentException"><paramref name="options"/> are invalid.</exception>
    public static ChatalotBotBuilder AddChatalotBot<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TBot>(
        this IServiceCollection services, ChatalotBotOptions? options = null)
        where TBot : ChatalotBot
    {
        ArgumentNullException.ThrowIfNull(services);
        return ChatalotBotBuilder.Create<TBot>(services, options ?? new ChatalotBotOptions());
    }

    /// <summary>
    /// Runs <typeparamref name="TBot"/> with settings from a configuration section (see
    /// <see cref="ChatalotBotOptions.FromConfiguration"/> for the keys), for example <c>Bot:Commands:Prefix</c>,
    /// <c>Bot:StartupRetry:MaxRetries</c> or <c>Bot:ClientName</c>.
    /// </summary>
    /// <typeparam name="TBot">The bot; resolved from a fresh scope per event.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="section">The section, for example <c>builder.Configuration.GetSection("Bot")</c>.</param>
    /// <param name="defaults">Values for keys the section does not set (code-only settings such as argument types).</param>
    /// <returns>A builder for commands and handlers.</returns>
    /// <exception cref="ArgumentException">The settings are invalid.</exception>
    /// <exception cref="FormatException">A value has the wrong format (the message names the key).</exception>
    public static ChatalotBotBuilder AddChatalotBot<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TBot>(
        this IServiceCollection services, IConfiguration section, ChatalotBotOptions? defaults = null)
        where TBot : ChatalotBot
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        return ChatalotBotBuilder.Create<TBot>(services, ChatalotBotOptions.FromConfiguration(section, defaults));
    }
}
