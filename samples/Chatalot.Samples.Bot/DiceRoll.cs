using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Chatalot.Samples.Bot;

/// <summary>
/// A dice expression in the usual tabletop notation: <c>NdS</c> with an optional <c>+M</c> / <c>-M</c>
/// (<c>2d6</c>, <c>d20</c>, <c>3d8+2</c>). Usable as a command argument: <c>!roll 2d6</c>.
/// </summary>
/// <param name="Count">Number of dice, 1 to <see cref="MaxCount"/>.</param>
/// <param name="Sides">Sides per die, 2 to <see cref="MaxSides"/>.</param>
/// <param name="Modifier">Added to the sum; at most <see cref="MaxModifier"/> in absolute value.</param>
public readonly record struct DiceRoll(int Count, int Sides, int Modifier = 0) : ISpanParsable<DiceRoll>
{
    /// <summary>The largest number of dice in one expression (so a command cannot be made to roll forever).</summary>
    public const int MaxCount = 100;

    /// <summary>The largest number of sides.</summary>
    public const int MaxSides = 1000;

    /// <summary>The largest absolute modifier.</summary>
    public const int MaxModifier = 1_000_000;

    /// <summary>The smallest total this expression can roll.</summary>
    public int Minimum => Count + Modifier;

    /// <summary>The largest total this expression can roll.</summary>
    public int Maximum => (Count * Sides) + Modifier;

    /// <summary>Rolls the dice with <see cref="Random.Shared"/>.</summary>
    /// <returns>Each die and the total.</returns>
    public DiceRollResult Roll() => Roll(Random.Shared);

    /// <summary>Rolls the dice with <paramref name="random"/> (pass a seeded one for repeatable tests).</summary>
    /// <param name="random">The random source.</param>
    /// <returns>Each die and the total.</returns>
    /// <exception cref="InvalidOperationException">This value is outside the limits (the default value, for example).</exception>
    public DiceRollResult Roll(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (!IsValid(Count, Sides, Modifier))
        {
            throw new InvalidOperationException($"'{this}' is not a valid dice expression.");
        }

        var rolls = new int[Count];
        var total = Modifier;
        for (var i = 0; i < rolls.Length; i++)
        {
            rolls[i] = random.Next(1, Sides + 1);
            total += rolls[i];
        }

        return new DiceRollResult(this, rolls, total);
    }

    /// <summary>Formats the expression in dice notation, for example <c>2d6+1</c>.</summary>
    public override string ToString() => Modifier switch
    {
        0 => string.Create(CultureInfo.InvariantCulture, $"{Count}d{Sides}"),
        > 0 => string.Create(CultureInfo.InvariantCulture, $"{Count}d{Sides}+{Modifier}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{Count}d{Sides}{Modifier}"),
    };

    /// <summary>Parses dice notation.</summary>
    /// <exception cref="FormatException">The text is not a dice expression within the limits.</exception>
    public static DiceRoll Parse(string s, IFormatProvider? provider = null)
    {
        ArgumentNullException.ThrowIfNull(s);
        return Parse(s.AsSpan(), provider);
    }

    /// <summary>Parses dice notation.</summary>
    /// <exception cref="FormatException">The text is not a dice expression within the limits.</exception>
    public static DiceRoll Parse(ReadOnlySpan<char> s, IFormatProvider? provider = null) =>
        TryParse(s, provider, out var result)
            ? result
            : throw new FormatException($"Expected dice like 2d6, d20 or 3d8+2 (at most {MaxCount} dice of {MaxSides} sides).");

    /// <summary>Tries to parse dice notation.</summary>
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out DiceRoll result)
    {
        result = default;
        return s is not null && TryParse(s.AsSpan(), provider, out result);
    }

    /// <summary>Tries to parse dice notation (case-insensitive <c>d</c>, surrounding whitespace ignored).</summary>
    public static bool TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out DiceRoll result)
    {
        result = default;
        s = s.Trim();
        var d = s.IndexOfAny('d', 'D');
        if (d < 0)
        {
            return false;
        }

        var count = 1;
        if (d > 0 && !TryParseDigits(s[..d], out count))
        {
            return false;
        }

        var rest = s[(d + 1)..];
        var sign = rest.IndexOfAny('+', '-');
        var modifier = 0;
        if (sign >= 0)
        {
            if (!TryParseDigits(rest[(sign + 1)..], out modifier))
            {
                return false;
            }

            if (rest[sign] == '-')
            {
                modifier = -modifier;
            }

            rest = rest[..sign];
        }

        if (!TryParseDigits(rest, out var sides) || !IsValid(count, sides, modifier))
        {
            return false;
        }

        result = new DiceRoll(count, sides, modifier);
        return true;
    }

    private static bool TryParseDigits(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        return s.Length is > 0 and <= 7 && !s.ContainsAnyExceptInRange('0', '9')
            && int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static bool IsValid(int count, int sides, int modifier) =>
        count is >= 1 and <= MaxCount && sides is >= 2 and <= MaxSides && Math.Abs(modifier) <= MaxModifier;
}
