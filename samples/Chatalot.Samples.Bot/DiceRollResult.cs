namespace Chatalot.Samples.Bot;

/// <summary>The outcome of <see cref="DiceRoll.Roll(Random)"/>.</summary>
/// <param name="Dice">The expression that was rolled.</param>
/// <param name="Rolls">The value of each die, in order.</param>
/// <param name="Total">The sum of the dice plus the modifier.</param>
public sealed record DiceRollResult(DiceRoll Dice, IReadOnlyList<int> Rolls, int Total)
{
    /// <summary>Formats the result for a chat reply, for example <c>2d6+1: [3, 5] + 1 = 9</c>.</summary>
    public override string ToString()
    {
        var dice = string.Join(", ", Rolls);
        return Dice.Modifier switch
        {
            0 when Rolls.Count == 1 => $"{Dice}: {Total}",
            0 => $"{Dice}: [{dice}] = {Total}",
            > 0 => $"{Dice}: [{dice}] + {Dice.Modifier} = {Total}",
            _ => $"{Dice}: [{dice}] - {-Dice.Modifier} = {Total}",
        };
    }
}
