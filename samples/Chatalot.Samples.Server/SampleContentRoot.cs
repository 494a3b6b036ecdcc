namespace Chatalot.Samples.Server;

/// <summary>Where the sample server looks for appsettings.json and its web client (a relative data folder stays relative to the working directory).</summary>
internal static class SampleContentRoot
{
    /// <summary>
    /// Null (ASP.NET Core's default: the working directory, or what <c>--contentRoot</c> / <c>ASPNETCORE_CONTENTROOT</c>
    /// say) when the content root was chosen explicitly or the working directory holds an <c>appsettings.json</c>;
    /// otherwise the application's own folder, so that <c>dotnet /opt/chatalot/Chatalot.Samples.Server.dll</c> started
    /// from anywhere serves its web client and reads its settings.
    /// </summary>
    public static string? Choose(string[] args)
    {
        var explicitRoot = args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT"))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT"));
        if (explicitRoot || File.Exists(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json")))
        {
            return null;
        }

        return File.Exists(Path.Combine(AppContext.BaseDirectory, "appsettings.json")) ? AppContext.BaseDirectory : null;
    }
}
