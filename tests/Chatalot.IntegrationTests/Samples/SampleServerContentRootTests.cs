using System.Net;
using System.Net.Http.Json;
using Chatalot.IntegrationTests.Infrastructure;

namespace Chatalot.IntegrationTests.Samples;

/// <summary>The sample server started from another folder, as a service manager does: it still finds its settings and web client.</summary>
public sealed class SampleServerContentRootTests
{
    [Fact]
    public async Task SampleServer_StartedFromAnotherFolder_ReadsItsSettings_AndServesTheWebClient()
    {
        var elsewhere = Directory.CreateTempSubdirectory("chatalot-cwd-");
        var dataName = "data-" + Guid.NewGuid().ToString("N");
        var port = SampleProcess.FreePort();
        try
        {
            await using (var server = SampleProcess.Start("Chatalot.Samples.Server", elsewhere.FullName, new Dictionary<string, string>
            {
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
                ["Chatalot__DataDirectory"] = dataName, // relative: to the working directory, as a service manager sets it
            }))
            {
                await server.WaitForOutputAsync("Chatalot server listening on", TimeSpan.FromSeconds(60));
                using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };

                // appsettings.json was read: the sample ships invite-only.
                var info = await http.GetFromJsonAsync<Dictionary<string, object>>("api/v1/server");
                Assert.Equal("invite_only", info!["registration_mode"].ToString());

                // The web client is served from the server's folder.
                using var page = await http.GetAsync(new Uri("/", UriKind.Relative));
                Assert.Equal(HttpStatusCode.OK, page.StatusCode);
                Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
                Assert.Contains("<html", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

                Assert.True(File.Exists(Path.Combine(elsewhere.FullName, dataName, "chatalot.db")), "the relative data folder is in the working directory");
            }
        }
        finally
        {
            elsewhere.Delete(recursive: true);
        }
    }
}
