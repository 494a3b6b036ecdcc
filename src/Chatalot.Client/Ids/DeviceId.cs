using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Chatalot.Client;

/// <summary>
/// Identifies one device (one key set) of a user: a positive 32-bit integer the client chooses when it first publishes
/// keys (see <c>docs/protocol/rest.md</c>, keys). Unique per user, not globally.
/// </summary>
/// <param name="Value">The device number.</param>
public readonly record struct DeviceId(int Value) : ISpanParsable<DeviceId>
{
    /// <summary>Returns the device number.</summary>
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Parses a positive device number.</summary>
    /// <exception cref="FormatException">The text is not a positive integer.</exception>
    public static DeviceId Parse(string s, IFormatProvider? provider) => Parse(s.AsSpan(), provider);

    /// <summary>Parses a positive device number.</summary>
    /// <exception cref="FormatException">The text is not a positive integer.</exception>
    public static DeviceId Parse(ReadOnlySpan<char> s, IFormatProvider? provider) =>
        TryParse(s, provider, out var id) ? id : throw new FormatException("A device id is a positive 32-bit integer.");

    /// <summary>Tries to parse a positive device number.</summary>
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out DeviceId result)
    {
        result = default;
        return s is not null && TryParse(s.AsSpan(), provider, out result);
    }

    /// <summary>Tries to parse a positive device number.</summary>
    public static bool TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out DeviceId result)
    {
        var ok = int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0;
        result = ok ? new DeviceId(value) : default;
        return ok;
    }
}
