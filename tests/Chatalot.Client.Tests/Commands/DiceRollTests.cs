using Chatalot.Samples.Bot;
using CsCheck;

namespace Chatalot.Client.Tests.Commands;

public class DiceRollTests
{
    [Theory]
    [InlineData("2d6", 2, 6, 0)]
    [InlineData("d20", 1, 20, 0)]
    [InlineData("3D8+2", 3, 8, 2)]
    [InlineData(" 1d4-1 ", 1, 4, -1)]
    public void TryParse_ValidNotation_Parses(string text, int count, int sides, int modifier)
    {
        Assert.True(DiceRoll.TryParse(text, null, out var roll));
        Assert.Equal(new DiceRoll(count, sides, modifier), roll);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2x6")]
    [InlineData("0d6")]
    [InlineData("101d6")]
    [InlineData("2d1")]
    [InlineData("2d6+")]
    [InlineData("-2d6")]
    [InlineData("2d6+1+1")]
    [InlineData("99999999999d6")]
    public void TryParse_InvalidOrOutOfLimits_Fails(string text) => Assert.False(DiceRoll.TryParse(text, null, out _));

    [Fact]
    public void ToStringThenParse_AnyValidRoll_RoundTrips() =>
        Gen.Select(Gen.Int[1, DiceRoll.MaxCount], Gen.Int[2, DiceRoll.MaxSides], Gen.Int[-1000, 1000])
            .Sample((c, s, m) => DiceRoll.Parse(new DiceRoll(c, s, m).ToString()) == new DiceRoll(c, s, m));

    [Fact]
    public void Roll_AnySeed_TotalIsSumOfDiceWithinBounds() =>
        Gen.Select(Gen.Int[1, 20], Gen.Int[2, 100], Gen.Int[-10, 10], Gen.Int).Sample((c, s, m, seed) =>
        {
            var dice = new DiceRoll(c, s, m);
            var result = dice.Roll(new Random(seed));
            return result.Rolls.Count == c && result.Rolls.All(r => r >= 1 && r <= s)
                && result.Total == result.Rolls.Sum() + m && result.Total >= dice.Minimum && result.Total <= dice.Maximum;
        });

    [Fact]
    public void Roll_DefaultValue_Throws() => Assert.Throws<InvalidOperationException>(() => default(DiceRoll).Roll());
}
