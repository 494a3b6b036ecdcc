using Microsoft.Extensions.Options;

namespace Chatalot.Server.Hosting.Tests;

internal static class TestOptions
{
    public static IOptions<ChatalotServerOptions> Create(Func<ChatalotServerOptions, ChatalotServerOptions>? configure = null)
    {
        var options = new ChatalotServerOptions
        {
            DataDirectory = Path.Combine(Path.GetTempPath(), "chatalot-unit", Guid.NewGuid().ToString("N")),
        };
        options = options with { Auth = options.Auth with { Argon2MemoryKib = 8192, Argon2Iterations = 1 } };
        return Options.Create(configure?.Invoke(options) ?? options);
    }
}
