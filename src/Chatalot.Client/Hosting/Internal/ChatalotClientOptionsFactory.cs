using Microsoft.Extensions.Options;

namespace Chatalot.Client.Hosting.Internal;

/// <summary>
/// Builds the immutable <see cref="ChatalotClientOptions"/> for <c>IOptions&lt;&gt;</c> (the options pattern's configure
/// actions mutate, which an init-only record does not allow) and runs every registered validator, so that
/// <c>ValidateOnStart</c> fails the host at start with an <see cref="OptionsValidationException"/> naming the setting.
/// </summary>
internal sealed class ChatalotClientOptionsFactory(
    Func<IServiceProvider, ChatalotClientOptions> build,
    IServiceProvider services,
    IEnumerable<IValidateOptions<ChatalotClientOptions>> validators) : IOptionsFactory<ChatalotClientOptions>
{
    public ChatalotClientOptions Create(string name)
    {
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
