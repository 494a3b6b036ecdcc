using System.Globalization;

namespace Chatalot.Client.Commands.Internal;

/// <summary>Parses command arguments of the supported types, invariantly (a bot's users share no culture).</summary>
internal static class ArgumentParsers
{
    public static bool IsSupported(Type type, IReadOnlyList<CommandArgumentType> custom)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return Custom(t, custom) is not null || t == typeof(string) || t == typeof(int) || t == typeof(long) || t == typeof(double) || t == typeof(decimal)
            || t == typeof(bool) || t == typeof(TimeSpan) || t == typeof(Guid)
            || t == typeof(UserId) || t == typeof(ChannelId) || t.IsEnum;
    }

    public static string Describe(Type type, IReadOnlyList<CommandArgumentType> custom)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t switch
        {
            _ when Custom(t, custom) is { } registered => registered.Description,
            _ when t == typeof(string) => "text",
            _ when t == typeof(int) || t == typeof(long) => "a whole number",
            _ when t == typeof(double) || t == typeof(decimal) => "a number",
            _ when t == typeof(bool) => "yes or no",
            _ when t == typeof(TimeSpan) => "a duration such as 90s, 5m, 1h30m or 00:05:00",
            _ when t == typeof(Guid) || t == typeof(UserId) || t == typeof(ChannelId) => "an id",
            _ when t.IsEnum => "one of: " + string.Join(", ", EnumNames(t)),
            _ => t.Name,
        };
    }

    public static bool TryParse(string text, Type type, IReadOnlyList<CommandArgumentType> custom, out object? value)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        var inv = CultureInfo.InvariantCulture;
        value = null;
        bool ok;
        if (Custom(t, custom) is { } registered)
        {
            ok = registered.TryParse(text, out value);
        }
        else if (t == typeof(string))
        {
            value = text;
            return true;
        }
        else if (t == typeof(int))
        {
            ok = int.TryParse(text, NumberStyles.Integer, inv, out var v);
            value = v;
        }
        else if (t == typeof(long))
        {
            ok = long.TryParse(text, NumberStyles.Integer, inv, out var v);
            value = v;
        }
        else if (t == typeof(double))
        {
            ok = double.TryParse(text, NumberStyles.Float, inv, out var v) && double.IsFinite(v);
            value = v;
        }
        else if (t == typeof(decimal))
        {
            ok = decimal.TryParse(text, NumberStyles.Number, inv, out var v);
            value = v;
        }
        else if (t == typeof(bool))
        {
            ok = TryParseBool(text, out var v);
            value = v;
        }
        else if (t == typeof(TimeSpan))
        {
            ok = TryParseDuration(text, out var v);
            value = v;
        }
        else if (t == typeof(Guid))
        {
            ok = Guid.TryParse(text, out var v);
            value = v;
        }
        else if (t == typeof(UserId))
        {
            ok = UserId.TryParse(text.TrimStart('@'), inv, out var v);
            value = v;
        }
        else if (t == typeof(ChannelId))
        {
            ok = ChannelId.TryParse(text.TrimStart('#'), inv, out var v);
            value = v;
        }
        else if (t.IsEnum)
        {
            // Names only: accepting numbers would let "!mode 42" produce a value the enum does not define.
            var name = EnumNames(t).FirstOrDefault(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase)
                || string.Equals(n.Replace("_", string.Empty, StringComparison.Ordinal), text.Replace("-", string.Empty, StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase));
            ok = name is not null && Enum.TryParse(t, name, ignoreCase: false, out value);
        }
        else
        {
            ok = false;
        }

        if (!ok)
        {
            value = null;
        }

        return ok;
    }

    public static bool TryParseBool(string text, out bool value)
    {
        switch (text.ToUpperInvariant())
        {
            case "TRUE" or "YES" or "Y" or "ON" or "1":
                value = true;
                return true;
            case "FALSE" or "NO" or "N" or "OFF" or "0":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    /// <summary>Parses <c>1d2h3m4s500ms</c>-style durations (any subset, in that order) or a <c>[d.]hh:mm[:ss]</c> value.</summary>
    public static bool TryParseDuration(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (text.Contains(':', StringComparison.Ordinal))
        {
            return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value) && value >= TimeSpan.Zero;
        }

        var span = text.AsSpan().Trim();
        if (span.IsEmpty)
        {
            return false;
        }

        var total = TimeSpan.Zero;
        var lastUnitRank = int.MaxValue;
        while (!span.IsEmpty)
        {
            var digits = 0;
            while (digits < span.Length && (char.IsAsciiDigit(span[digits]) || span[digits] == '.'))
            {
                digits++;
            }

            if (digits == 0 || !double.TryParse(span[..digits], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            {
                return false;
            }

            span = span[digits..];
            var unitLength = 0;
            while (unitLength < span.Length && char.IsAsciiLetter(span[unitLength]))
            {
                unitLength++;
            }

            var unit = span[..unitLength].ToString().ToUpperInvariant();
            span = span[unitLength..];
            (int rank, TimeSpan size) = unit switch
            {
                "D" => (5, TimeSpan.FromDays(1)),
                "H" => (4, TimeSpan.FromHours(1)),
                "M" or "MIN" => (3, TimeSpan.FromMinutes(1)),
                "S" or "SEC" or "" => (2, TimeSpan.FromSeconds(1)),
                "MS" => (1, TimeSpan.FromMilliseconds(1)),
                _ => (0, TimeSpan.Zero),
            };

            // Units must be known, each used once and largest first, so "5m5m" or "3s2h" are rejected as typos.
            if (rank == 0 || rank >= lastUnitRank || amount > 1_000_000)
            {
                return false;
            }

            lastUnitRank = rank;
            total += size * amount;
        }

        value = total;
        return true;
    }

    private static string[] EnumNames(Type enumType) =>
        Enum.GetNames(enumType);

    private static CommandArgumentType? Custom(Type type, IReadOnlyList<CommandArgumentType> custom) => custom.FirstOrDefault(c => c.Type == type);
}
