using System.Net;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Accounts;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Chatalot.IntegrationTests.Server;

/// <summary>The sample server as hosters run it: default configuration, a fresh data folder, first user becomes owner.</summary>
public class SampleServerSmokeTests
{
    [Fact]
    public async Task SampleServer_StartsWithZeroSetUp_AndServesTheApi()
    {
        var data = Path.Combine(Path.GetTempPath(), "chatalot-sample", Guid.NewGuid().ToString("N"));
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseSetting("Chatalot:DataDirectory", data));
        using var api = new ChatalotApi(factory.CreateClient());
        Assert.Equal(HttpStatusCode.OK, (await api.Http.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);
        var info = await api.ExpectAsync<ServerInfo>(await api.SendAsync(HttpMethod.Get, "/server"));
        Assert.Equal(RegistrationMode.InviteOnly, info.RegistrationMode);
        var owner = await api.RegisterAsync();
        Assert.Equal(InstanceRole.Owner, owner.User.Role);
        Assert.True(File.Exists(Path.Combine(data, "chatalot.db")));
        await api.ExpectProblemAsync(api.SendAsync(HttpMethod.Post, "/auth/register", new RegisterRequest(ChatalotApi.NewName(), "long enough pw")), HttpStatusCode.Forbidden, Protocol.Errors.ErrorCodes.RegistrationClosed);
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
