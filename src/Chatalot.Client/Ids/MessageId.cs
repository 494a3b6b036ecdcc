using System.Diagnostics.CodeAnalysis;

namespace Chatalot.Client;

/// <summary>Identifies a message. A distinct type so that an overload such as <c>SendAsync(channel, text)</c> versus <c>SendAsync(user, text)</c> can never be confused.</summary>
/// <param name="Value">The server-assigned identifier.</param>
public readonly record struct MessageId(Guid Value) : ISpanParsable<MessageId>
{
    /// <summary>Returns the identifier in its canonical UUID form.</summary>
    public override string ToString() => Value.ToString("D");

    /// <summary>Parses a UUID string.</summary>
    /// <exception cref="FormatException">The text is not a UUID.</exception>
    public static MessageId Parse(string s, IFormatProvider? provider) => new(Guid.Parse(s, provider));

    /// <summary>Parses a UUID string.</summary>
    /// <exception cref="FormatException">The text is not a UUID.</exception>
    public static MessageId Parse(ReadOnlySpan<char> s, IFormatProvider? provider) => new(Guid.Parse(s, provider));

    /// <summary>Tries to parse a UUID string.</summary>
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out MessageId result)
    {
        var ok = Guid.TryParse(s, provider, out var value);
        result = new(value);
        return ok;
    }

    /// <summary>Tries to parse a UUID string.</summary>
    public static bool TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out MessageId result)
    {
        var ok = Guid.TryParse(s, provider, out var value);
        result = new(value);
        return ok;
    }
}
