using System.Net;
using System.Text;

namespace Chatalot.BrowserTests.Infrastructure;

/// <summary>
/// A GIF provider on loopback answering in Tenor's v2 format (<c>/v2/search</c>, <c>/v2/featured</c>) with one real
/// 2×2 GIF, so the shared sample server's GIF proxy has something to relay. <see cref="HttpListener"/> keeps the
/// browser tests free of an ASP.NET Core reference. One per test run.
/// </summary>
public sealed class StandInGifProvider : IDisposable
{
    /// <summary>A valid 2×2 GIF (one colour, LZW-coded), so the browser really decodes and draws it.</summary>
    public static readonly byte[] Gif = Convert.FromBase64String("R0lGODlhAgACAIAAAP8AAP///ywAAAAAAgACAAACAoRRADs=");

    private static readonly Lazy<StandInGifProvider> Shared = new(() => new StandInGifProvider());
    private readonly HttpListener _listener = new();

    private StandInGifProvider()
    {
        var port = SampleServerProcess.FreePort();
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(BaseUrl.ToString());
        _listener.Start();
        _ = ServeAsync();
    }

    public static StandInGifProvider Instance => Shared.Value;

    public Uri BaseUrl { get; }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            var path = context.Request.Url?.AbsolutePath ?? "";
            var (body, type) = path switch
            {
                "/v2/search" or "/v2/featured" => (Encoding.UTF8.GetBytes(Page()), "application/json"),
                "/media/dot.gif" => (Gif, "image/gif"),
                _ => ([], "text/plain"),
            };
            context.Response.StatusCode = body.Length > 0 ? 200 : 404;
            context.Response.ContentType = type;
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }

    private string Page() => $$"""
        {"results":[{"id":"dot","content_description":"A red dot","media_formats":{
          "gif":{"url":"{{BaseUrl}}media/dot.gif","dims":[2,2],"size":{{Gif.Length}} },
          "tinygif":{"url":"{{BaseUrl}}media/dot.gif","dims":[2,2],"size":{{Gif.Length}} } } }],"next":""}
        """;

    public void Dispose() => _listener.Close();
}
