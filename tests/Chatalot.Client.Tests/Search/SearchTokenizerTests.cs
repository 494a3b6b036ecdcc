using Chatalot.Client.Search.Internal;
using CsCheck;

namespace Chatalot.Client.Tests.Search;

/// <summary>Word splitting and folding: Unicode-aware, and the same for a message and a query.</summary>
public class SearchTokenizerTests
{
    [Theory]
    [InlineData("Hello, World!", "hello world")]
    [InlineData("Crème brûlée à São Paulo", "creme brulee a sao paulo")]
    [InlineData("Straße Æsir Øresund Łódź", "strasse aesir oresund lodz")]
    [InlineData("ΆΛΦΑ άλφα", "αλφα αλφα")]
    [InlineData("ＦＵＬＬ ﬁne", "full fine")]
    [InlineData("don't stop: 3.14, v2", "dont stop 314 v2")]
    [InlineData("東京タワー", "東 京 タ ワ ー")]
    [InlineData("привет Ёлка", "привет елка")]
    [InlineData("e\u0301te\u0301", "ete")]
    public void Tokenize_FoldsCaseAndDiacritics_AndSplitsIdeographs(string text, string expected)
    {
        Assert.Equal(expected, string.Join(' ', SearchTokenizer.Tokenize(text).Select(t => t.Term)));
    }

    [Fact]
    public void Tokenize_OffsetsPointAtTheOriginalWords()
    {
        const string text = "  Hello — wörld!";
        var tokens = SearchTokenizer.Tokenize(text);
        Assert.Equal(["Hello", "wörld"], tokens.Select(t => text.Substring(t.Start, t.Length)));
    }

    [Fact]
    public void Tokenize_LongWord_IsCut()
    {
        Assert.Equal(SearchTokenizer.MaxTermLength, Assert.Single(SearchTokenizer.Tokenize(new string('x', 500))).Term.Length);
    }

    [Fact]
    public void Tokenize_AnyText_TokensAreInOrder_InBounds_AndRetokeniseToThemselves()
    {
        Gen.String[Gen.Char["aZé ß-'.,1東\u0301🙂\n"], 0, 40].Sample(text =>
        {
            var tokens = SearchTokenizer.Tokenize(text);
            var end = 0;
            foreach (var token in tokens)
            {
                Assert.True(token.Start >= end && token.Start + token.Length <= text.Length);
                end = token.Start + token.Length;

                // Folding is idempotent: a term searched for finds itself.
                Assert.Equal(token.Term, Assert.Single(SearchTokenizer.Tokenize(token.Term)).Term);
            }
        });
    }

    [Fact]
    public void FoldName_KeepsPunctuation_ButFoldsLetters()
    {
        Assert.Equal("general-chat", SearchTokenizer.FoldName(" General-Chat "));
        Assert.Equal("zoe", SearchTokenizer.FoldName("Zoë"));
    }
}
