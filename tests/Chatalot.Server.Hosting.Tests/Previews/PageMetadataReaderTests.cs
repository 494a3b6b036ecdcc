using System.Text;
using Chatalot.Protocol;
using Chatalot.Server.Hosting.Previews.Internal;

namespace Chatalot.Server.Hosting.Tests.Previews;

public sealed class PageMetadataReaderTests
{
    private static readonly Uri Page = new("https://example.test/articles/1");

    private static FetchedResource Html(string html, Encoding? encoding = null) =>
        new(Page, "text/html", (encoding ?? Encoding.UTF8).GetBytes(html), Truncated: false);

    [Fact]
    public void OpenGraph_WinsOverTwitterAndHtml()
    {
        var metadata = PageMetadataReader.Read(Html("""
            <html><head><title>HTML title</title>
            <meta name="description" content="HTML description">
            <meta name="twitter:title" content="Twitter title">
            <meta property="og:title" content="  OG   title ">
            <meta property="og:description" content="OG description">
            <meta property="og:site_name" content="Example">
            <meta property="og:image" content="/images/cover.png">
            </head><body></body></html>
            """));
        Assert.Equal("OG title", metadata.Title);
        Assert.Equal("OG description", metadata.Description);
        Assert.Equal("Example", metadata.SiteName);
        Assert.Equal("https://example.test/images/cover.png", metadata.ImageUrl);
        Assert.Equal(Page.AbsoluteUri, metadata.Url);
    }

    [Fact]
    public void WithoutOpenGraph_FallsBackToTwitterThenHtml()
    {
        var metadata = PageMetadataReader.Read(Html("""
            <html><head><title>HTML title</title><meta name="description" content="HTML description">
            <meta name="twitter:image" content="https://cdn.example.test/card.jpg"></head></html>
            """));
        Assert.Equal("HTML title", metadata.Title);
        Assert.Equal("HTML description", metadata.Description);
        Assert.Null(metadata.SiteName);
        Assert.Equal("https://cdn.example.test/card.jpg", metadata.ImageUrl);
    }

    [Fact]
    public void LongValues_AreCutToTheContentLimits_AndOddImageSchemesDropped()
    {
        var longTitle = new string('t', 1000);
        var metadata = PageMetadataReader.Read(Html($"""
            <meta property="og:title" content="{longTitle}"><meta property="og:image" content="javascript:alert(1)">
            """));
        Assert.Equal(ChatalotLimits.LinkPreviewTitleMaxLength, metadata.Title!.Length);
        Assert.EndsWith("…", metadata.Title, StringComparison.Ordinal);
        Assert.Null(metadata.ImageUrl);
    }

    [Fact]
    public void DeclaredCharset_IsHonoured()
    {
        var latin1 = Encoding.Latin1;
        var metadata = PageMetadataReader.Read(Html("""<html><head><meta charset="iso-8859-1"><title>Café crème</title></head></html>""", latin1));
        Assert.Equal("Café crème", metadata.Title);
    }

    [Fact]
    public void NotHtmlAtAll_GivesAnEmptyPreview()
    {
        var metadata = PageMetadataReader.Read(new FetchedResource(Page, "text/html", [0xFF, 0x00, 0x12], Truncated: false));
        Assert.Null(metadata.Title);
        Assert.Null(metadata.Description);
    }
}
