using System.Net;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Accounts;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Chatalot.IntegrationTests.Server;

/// <summary>The sample server as hosters run it: default configuration, a fresh data folder, claimed with the setup code it prints.</summary>
public class SampleServerSmokeTests
{
    [Fact]
    public async Task SampleServer_StartsWithZeroSetUp_AndServesTheApi()
    {
        var data = Path.Combine(Path.GetTempPath(), "chatalot-sample", Guid.NewGuid().ToString("N"));
        var logs = new CapturingLoggerProvider();
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseSetting("Chatalot:DataDirectory", data)
            .ConfigureServices(s => s.AddLogging(l => l.AddProvider(logs))));
        using var api = new ChatalotApi(factory.CreateClient());
        Assert.Equal(HttpStatusCode.OK, (await api.Http.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);
        var info = await api.ExpectAsync<ServerInfo>(await api.SendAsync(HttpMethod.Get, "/server"));
        Assert.Equal(RegistrationMode.InviteOnly, info.RegistrationMode);
        Assert.True(info.SetupRequired);

        // The console shows the code once, at Warning, in the banner the admin guide quotes; only it claims the server.
        var banner = Assert.Single(logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("Chatalot setup code:", StringComparison.Ordinal));
        var code = System.Text.RegularExpressions.Regex.Match(banner, "setup code: ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}) — register the owner account with it").Groups[1].Value;
        Assert.NotEmpty(code);
        await api.ExpectProblemAsync(api.SendAsync(HttpMethod.Post, "/auth/register", new RegisterRequest(ChatalotApi.NewName(), "long enough pw")), HttpStatusCode.Forbidden, Protocol.Errors.ErrorCodes.SetupRequired);
        var owner = await api.PostAsync<RegisterRequest, AuthResponse>("/auth/register", new RegisterRequest(ChatalotApi.NewName(), "long enough pw", SetupCode: code.ToLowerInvariant()), null, HttpStatusCode.Created);
        Assert.Equal(InstanceRole.Owner, owner.User.Role);
        Assert.False((await api.ExpectAsync<ServerInfo>(await api.SendAsync(HttpMethod.Get, "/server"))).SetupRequired);
        Assert.True(File.Exists(Path.Combine(data, "chatalot.db")));
        await api.ExpectProblemAsync(api.SendAsync(HttpMethod.Post, "/auth/register", new RegisterRequest(ChatalotApi.NewName(), "long enough pw")), HttpStatusCode.Forbidden, Protocol.Errors.ErrorCodes.RegistrationClosed);

        // Void after the claim: the code makes nobody else owner, and registration follows the mode (invite only).
        await api.ExpectProblemAsync(api.SendAsync(HttpMethod.Post, "/auth/register", new RegisterRequest(ChatalotApi.NewName(), "long enough pw", SetupCode: code)), HttpStatusCode.Forbidden, Protocol.Errors.ErrorCodes.RegistrationClosed);
    }

    [Fact]
    public async Task SampleServer_WrongContentType_Is415_NotTheApiFallbacks404()
    {
        var data = Path.Combine(Path.GetTempPath(), "chatalot-sample", Guid.NewGuid().ToString("N"));
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseSetting("Chatalot:DataDirectory", data));
        using var api = new ChatalotApi(factory.CreateClient());
        await api.ExpectProblemAsync(api.SendRawAsync(HttpMethod.Post, "/auth/login", """{"username":"someone","password":"long enough pw"}""", contentType: "text/plain"), HttpStatusCode.UnsupportedMediaType, Protocol.Errors.ErrorCodes.MalformedRequest);
        await api.ExpectProblemAsync(api.SendAsync(HttpMethod.Get, "/no/such/route"), HttpStatusCode.NotFound, Protocol.Errors.ErrorCodes.NotFound);
    }
}
