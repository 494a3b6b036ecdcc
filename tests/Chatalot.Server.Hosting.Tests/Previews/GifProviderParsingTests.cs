using System.Text;
using Chatalot.Server.Hosting.Previews.Internal;

namespace Chatalot.Server.Hosting.Tests.Previews;

/// <summary>The two providers' documented response formats, read into the same page.</summary>
public sealed class GifProviderParsingTests
{
    [Fact]
    public void Tenor_SearchResponse_IsRead()
    {
        var json = """
            {"results":[
              {"id":"1234","title":"","content_description":"Cat typing","created":1.0,"itemurl":"https://tenor.com/view/x","url":"https://tenor.com/x",
               "media_formats":{"gif":{"url":"https://media.tenor.com/a/cat.gif","duration":0,"preview":"","dims":[498,280],"size":1234567},
                                "tinygif":{"url":"https://media.tenor.com/b/cat.gif","duration":0,"preview":"","dims":[220,124],"size":45678}}},
              {"id":"skip","content_description":"no gif rendition","media_formats":{"mp4":{"url":"https://media.tenor.com/c.mp4","dims":[1,1],"size":1}}}
            ],"next":"CAgQAA"}
            """;
        var page = new TenorGifProvider().Parse(Encoding.UTF8.GetBytes(json));
        var gif = Assert.Single(page.Results);
        Assert.Equal(("1234", "Cat typing"), (gif.Id, gif.Title));
        Assert.Equal(("https://media.tenor.com/a/cat.gif", 498, 280, 1234567L), (gif.Full.Url, gif.Full.Width, gif.Full.Height, gif.Full.Size!.Value));
        Assert.Equal(("https://media.tenor.com/b/cat.gif", 220, 124), (gif.Preview.Url, gif.Preview.Width, gif.Preview.Height));
        Assert.Equal("CAgQAA", page.Next);
    }

    [Fact]
    public void Tenor_Request_CarriesKeyQueryAndPosition_OrAsksForFeatured()
    {
        var provider = new TenorGifProvider();
        var search = provider.BuildRequest(TenorGifProvider.DefaultBaseUrl, "k&y", "cats & dogs", 10, "CAgQAA", null);
        Assert.Equal("/v2/search", search.AbsolutePath);
        Assert.Contains("key=k%26y", search.Query, StringComparison.Ordinal);
        Assert.Contains("q=cats%20%26%20dogs", search.Query, StringComparison.Ordinal);
        Assert.Contains("pos=CAgQAA", search.Query, StringComparison.Ordinal);
        Assert.Equal("/v2/featured", provider.BuildRequest(TenorGifProvider.DefaultBaseUrl, "k", null, 10, null, null).AbsolutePath);
    }

    [Fact]
    public void Giphy_SearchResponse_WithStringNumbers_IsRead()
    {
        var json = """
            {"data":[
              {"type":"gif","id":"abc","title":"Dog GIF","images":{
                "original":{"height":"270","width":"480","size":"2345678","url":"https://media2.giphy.com/media/abc/giphy.gif?cid=1"},
                "fixed_width_small":{"height":"56","width":"100","size":"34567","url":"https://media2.giphy.com/media/abc/100w.gif?cid=1"}}}
            ],"pagination":{"total_count":40,"count":1,"offset":25},"meta":{"status":200,"msg":"OK"}}
            """;
        var page = new GiphyGifProvider().Parse(Encoding.UTF8.GetBytes(json));
        var gif = Assert.Single(page.Results);
        Assert.Equal(("abc", "Dog GIF"), (gif.Id, gif.Title));
        Assert.Equal((480, 270, 2345678L), (gif.Full.Width, gif.Full.Height, gif.Full.Size!.Value));
        Assert.Equal((100, 56), (gif.Preview.Width, gif.Preview.Height));
        Assert.Equal("26", page.Next);
    }

    [Fact]
    public void Giphy_LastPage_HasNoNext()
    {
        var json = """{"data":[],"pagination":{"total_count":26,"count":0,"offset":26}}""";
        Assert.Null(new GiphyGifProvider().Parse(Encoding.UTF8.GetBytes(json)).Next);
    }
}
