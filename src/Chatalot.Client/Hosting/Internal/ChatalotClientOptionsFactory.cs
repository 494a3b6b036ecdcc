using Microsoft.Extensions.Options;

namespace Chatalot.Client.Hosting.Internal;

/// <summary>
/// Builds the immutable <see cref="ChatalotClientOptions"/> of each registered client (the unnamed one under
/// <see cref="Options.DefaultName"/>, keyed ones under their key) for <c>IOptions&lt;&gt;</c> and
/// <c>IOptionsMonitor&lt;&gt;.Get(name)</c> (the options pattern's configure actions mutate, which an init-only record
/// does not allow) and runs every registered validator, so that <c>ValidateOnStart</c> fails the host at start with an
/// <see cref="OptionsValidationException"/> naming the setting.
/// </summary>
internal sealed class ChatalotClientOptionsFactory(
    ChatalotClientRegistry registry,
    IServiceProvider services,
    IEnumerable<IValidateOptions<ChatalotClientOptions>> validators) : IOptionsFactory<ChatalotClientOptions>
{
    public ChatalotClientOptions Create(string name)
    {
        if (!registry.TryGet(name, out var build))
        {
            throw new InvalidOperationException($"No Chatalot client is registered under the name '{name}'.");
        }

        ChatalotClientOptions options;
        try
        {
            options = build(services);
        }
        catch (FormatException ex)
        {
            throw new OptionsValidationException(name, typeof(ChatalotClientOptions), [ex.Message]);
        }

        var failures = validators.Select(v => v.Validate(name, options)).Where(r => r.Failed).SelectMany(r => r.Failures ?? []).ToList();
        return failures.Count == 0 ? options : throw new OptionsValidationException(name, typeof(ChatalotClientOptions), failures);
    }
}
