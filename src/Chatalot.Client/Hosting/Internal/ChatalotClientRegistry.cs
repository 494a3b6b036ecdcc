using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Chatalot.Client.Hosting.Internal;

/// <summary>
/// The clients registered in one service collection, by name (<see cref="Options.DefaultName"/> for the unnamed one),
/// with how each one's options are built. A name registered twice is a mistake the registration refuses, never a
/// silently ignored second call.
/// </summary>
internal sealed class ChatalotClientRegistry
{
    private readonly Dictionary<string, Func<IServiceProvider, ChatalotClientOptions>> _builders = new(StringComparer.Ordinal);

    /// <summary>The registry of <paramref name="services"/>, added on first use.</summary>
    public static ChatalotClientRegistry Of(IServiceCollection services)
    {
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(ChatalotClientRegistry) && descriptor.ImplementationInstance is ChatalotClientRegistry existing)
            {
                return existing;
            }
        }

        var registry = new ChatalotClientRegistry();
        services.AddSingleton(registry);
        return registry;
    }

    /// <summary>Records a client.</summary>
    /// <exception cref="InvalidOperationException">A client of that name is registered already.</exception>
    public void Add(string name, Func<IServiceProvider, ChatalotClientOptions> build)
    {
        if (!_builders.TryAdd(name, build))
        {
            throw new InvalidOperationException(name == Options.DefaultName
                ? "A Chatalot client is already registered. Register each further client under its own name: AddChatalotClient(\"name\", …), then resolve it with [FromKeyedServices(\"name\")] IChatalotClient."
                : $"A Chatalot client named '{name}' is already registered.");
        }
    }

    public bool TryGet(string name, [NotNullWhen(true)] out Func<IServiceProvider, ChatalotClientOptions>? build) => _builders.TryGetValue(name, out build);
}
