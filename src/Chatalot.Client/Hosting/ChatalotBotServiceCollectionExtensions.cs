using System.Diagnostics.CodeAnalysis;
using Chatalot.Client.Bots;

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
}
