using Microsoft.Extensions.Options;

namespace Chatalot.Client.Hosting.Internal;

/// <summary>Runs <see cref="ChatalotClientOptions.Validate"/> as an options validator (its message names the setting).</summary>
internal sealed class ChatalotClientOptionsValidator : IValidateOptions<ChatalotClientOptions>
{
    public ValidateOptionsResult Validate(string? name, ChatalotClientOptions options)
    {
        try
        {
            options.Validate();
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException ex)
        {
            return ValidateOptionsResult.Fail(ex.Message);
        }
    }
}
