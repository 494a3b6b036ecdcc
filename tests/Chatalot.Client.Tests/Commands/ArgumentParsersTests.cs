using Chatalot.Client.Commands.Internal;

namespace Chatalot.Client.Tests.Commands;

public class ArgumentParsersTests
{
    [Theory]
    [InlineData("90s", 90)]
    [InlineData("5m", 300)]
    [InlineData("1h30m", 5400)]
    [InlineData("2d", 172800)]
    [InlineData("1.5h", 5400)]
    [InlineData("00:05:00", 300)]
    [InlineData("45", 45)]
    public void TryParseDuration_CommonForms_Parse(string text, double seconds)
    {
        Assert.True(ArgumentParsers.TryParseDuration(text, out var value));
        Assert.Equal(seconds, value.TotalSeconds, 3);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5x")]
    [InlineData("3s2h")]
    [InlineData("5m5m")]
    [InlineData("-5m")]
    public void TryParseDuration_Malformed_Fails(string text) => Assert.False(ArgumentParsers.TryParseDuration(text, out _));

    [Theory]
    [InlineData("yes", true)]
    [InlineData("OFF", false)]
    [InlineData("1", true)]
    public void TryParse_Bool_AcceptsWords(string text, bool expected)
    {
        Assert.True(ArgumentParsers.TryParse(text, typeof(bool), [], out var value));
        Assert.Equal(expected, value);
    }

    [Fact]
    public void TryParse_EnumByNumber_IsRejected()
    {
        Assert.False(ArgumentParsers.TryParse("1", typeof(DayOfWeek), [], out _));
        Assert.True(ArgumentParsers.TryParse("monday", typeof(DayOfWeek), [], out var day));
        Assert.Equal(DayOfWeek.Monday, day);
    }

    [Fact]
    public void TryParse_Double_IsCultureInvariant()
    {
        Assert.True(ArgumentParsers.TryParse("2.5", typeof(double), [], out var value));
        Assert.Equal(2.5, value);
        Assert.False(ArgumentParsers.TryParse("NaN", typeof(double), [], out _));
    }

    [Fact]
    public void Tokenize_QuotesAndEscapes_GroupWords()
    {
        var tokens = CommandTokenizer.Tokenize("one \"two three\" fo\\\"ur");
        Assert.Equal(["one", "two three", "fo\"ur"], tokens.Select(t => t.Value));
        Assert.Equal(4, tokens[1].Start);
    }
}
