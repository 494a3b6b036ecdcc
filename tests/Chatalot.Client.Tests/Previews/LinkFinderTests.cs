using Chatalot.Client.Previews;

namespace Chatalot.Client.Tests.Previews;

public sealed class LinkFinderTests
{
    [Theory]
    [InlineData("see https://example.com/a.", new[] { "https://example.com/a" })]
    [InlineData("[docs](https://example.com/docs) and <https://example.com/b>", new[] { "https://example.com/docs", "https://example.com/b" })]
    [InlineData("https://en.wikipedia.org/wiki/Foo_(bar) is it", new[] { "https://en.wikipedia.org/wiki/Foo_(bar)" })]
    [InlineData("http://plain.example/ only", new string[0])]
    [InlineData("`https://in.code/x` and ```\nhttps://in.block/y\n```", new string[0])]
    [InlineData("twice https://a.example/ https://a.example/", new[] { "https://a.example/" })]
    [InlineData("HTTPS://UPPER.example/x!", new[] { "HTTPS://UPPER.example/x" })]
    [InlineData("https:// nothing", new string[0])]
    public void FindsHttpsLinksOutsideCode(string text, string[] expected) => Assert.Equal(expected, LinkFinder.FindLinks(text));

    [Fact]
    public void StopsAtTheLimit() =>
        Assert.Equal(3, LinkFinder.FindLinks("https://a.example/ https://b.example/ https://c.example/ https://d.example/").Count);
}
