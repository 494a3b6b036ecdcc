using Chatalot.Client.Search;
using Chatalot.Client.Search.Internal;
using CsCheck;

namespace Chatalot.Client.Tests.Search;

/// <summary>The search box syntax: words, phrases, every filter, and a typed error for each mistake.</summary>
public class SearchQueryParserTests
{
    [Fact]
    public void Parse_FreeWords_AreFoldedClauses_AndTheLastIsAPrefixWhileTyped()
    {
        var query = SearchQueryParser.Parse("Crème BRÛLÉE");
        Assert.Equal(["creme"], query.Clauses[0].Terms);
        Assert.Equal(["brulee"], query.Clauses[1].Terms);
        Assert.False(query.Clauses[0].LastIsPrefix);
        Assert.True(query.Clauses[1].LastIsPrefix);
    }

    [Fact]
    public void Parse_TrailingSpace_EndsTheLastWord()
    {
        var query = SearchQueryParser.Parse("deploy ");
        Assert.False(query.Clauses[0].LastIsPrefix);
    }

    [Fact]
    public void Parse_QuotedPhrase_IsOneClauseOfConsecutiveTerms_NeverAPrefix()
    {
        var query = SearchQueryParser.Parse("\"release notes\"");
        var clause = Assert.Single(query.Clauses);
        Assert.Equal(["release", "notes"], clause.Terms);
        Assert.True(clause.IsPhrase);
        Assert.False(clause.LastIsPrefix);
    }

    [Fact]
    public void Parse_EveryFilter_WithQuotedValues_AndSigils()
    {
        var query = SearchQueryParser.Parse("from:@alice FROM:bob in:\"general chat\" in:#random has:link has:Poll before:2025-05-01 after:2025-04-01T12:00+02:00 word");
        Assert.Equal(["alice", "bob"], query.From);
        Assert.Equal(["general chat", "random"], query.In);
        Assert.Equal(MessageFeatures.Link | MessageFeatures.Poll, query.Has);
        Assert.Equal(new DateOnly(2025, 5, 1), Assert.Single(query.Before).Day);
        Assert.Equal(new DateTimeOffset(2025, 4, 1, 12, 0, 0, TimeSpan.FromHours(2)), Assert.Single(query.After).Instant);
        Assert.Equal(["word"], Assert.Single(query.Clauses).Terms);
    }

    [Fact]
    public void Parse_FilterLast_MeansTheWordBeforeItIsComplete()
    {
        var query = SearchQueryParser.Parse("deploy has:link");
        Assert.False(Assert.Single(query.Clauses).LastIsPrefix);
    }

    [Fact]
    public void Parse_OnlyFilters_IsAValidQuery()
    {
        var query = SearchQueryParser.Parse("has:attachment");
        Assert.Empty(query.Clauses);
        Assert.Equal(MessageFeatures.Attachment, query.Has);
    }

    [Theory]
    [InlineData("https://example.com/a")]
    [InlineData("note:this")]
    public void Parse_UnknownKey_IsSearchedAsWords(string text)
    {
        var query = SearchQueryParser.Parse(text);
        Assert.Empty(query.From);
        Assert.NotEmpty(query.Clauses);
    }

    [Fact]
    public void Parse_HyphenatedWord_IsAPhraseOfItsParts()
    {
        var clause = Assert.Single(SearchQueryParser.Parse("e-mail ").Clauses);
        Assert.Equal(["e", "mail"], clause.Terms);
    }

    [Theory]
    [InlineData("", SearchQueryError.EmptyQuery, 0)]
    [InlineData("   ", SearchQueryError.EmptyQuery, 0)]
    [InlineData("!!! 🙂", SearchQueryError.EmptyQuery, 0)]
    [InlineData("a \"open phrase", SearchQueryError.UnterminatedQuote, 2)]
    [InlineData("in:\"general", SearchQueryError.UnterminatedQuote, 3)]
    [InlineData("x from:", SearchQueryError.MissingFilterValue, 2)]
    [InlineData("in:\"\"", SearchQueryError.MissingFilterValue, 0)]
    [InlineData("has:banana", SearchQueryError.UnknownHasValue, 4)]
    [InlineData("before:yesterday", SearchQueryError.InvalidDate, 7)]
    [InlineData("after:2025-13-01", SearchQueryError.InvalidDate, 6)]
    public void Parse_Mistake_ThrowsItsTypedError_WithWhere(string text, SearchQueryError error, int position)
    {
        var ex = Assert.Throws<SearchQueryException>(() => SearchQueryParser.Parse(text));
        Assert.Equal(error, ex.Error);
        Assert.Equal(position, ex.Position);
        Assert.Equal(ClientErrorCodes.InvalidSearchQuery, ex.Code);
    }

    [Fact]
    public void DateBounds_WholeDays_FollowTheTimeZone_ExactInstantsDoNot()
    {
        var query = SearchQueryParser.Parse("before:2025-05-02 after:2025-05-01");
        var zone = TimeZoneInfo.CreateCustomTimeZone("plus2", TimeSpan.FromHours(2), "plus2", "plus2");
        Assert.Equal(new DateTimeOffset(2025, 5, 2, 0, 0, 0, TimeSpan.FromHours(2)), query.UpperBound(zone));
        Assert.Equal(new DateTimeOffset(2025, 5, 2, 0, 0, 0, TimeSpan.Zero).AddTicks(-1), query.LowerBound(TimeZoneInfo.Utc));
    }

    [Fact]
    public void Parse_NeverThrowsAnythingButSearchQueryException()
    {
        Gen.String[Gen.Char["ab :\"-é@#\u4E00"], 0, 30].Sample(text =>
        {
            try
            {
                SearchQueryParser.Parse(text);
            }
            catch (SearchQueryException)
            {
            }
        });
    }
}
