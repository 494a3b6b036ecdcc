using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;

namespace Chatalot.Server.Hosting.Tests;

public class HealthEndpointTests
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task HealthEndpoints_AnswerOk(string path)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        var data = Path.Combine(Path.GetTempPath(), "chatalot-unit", Guid.NewGuid().ToString("N"));
        builder.Services.AddChatalotServer(configure: o => o with { DataDirectory = data });
        await using var app = builder.Build();
        app.MapChatalot();
        await app.StartAsync(CancellationToken.None);

        using var client = app.GetTestClient();
        var response = await client.GetAsync(new Uri(path, UriKind.Relative), CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
