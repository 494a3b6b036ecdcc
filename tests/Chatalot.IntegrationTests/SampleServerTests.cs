using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Chatalot.IntegrationTests;

public class SampleServerTests(WebApplicationFactory<Program> factory) : IClassFixture<WebApplicationFactory<Program>>
{
    [Fact]
    public async Task SampleServer_AnswersLiveHealthProbe()
    {
        using var client = factory.CreateClient();
        var response = await client.GetAsync(new Uri("/health/live", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
