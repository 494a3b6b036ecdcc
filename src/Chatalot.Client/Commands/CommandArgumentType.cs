using System.Globalization;

namespace Chatalot.Client.Commands;

/// <summary>
/// A type of your own that commands can take as an argument (besides the built-in ones), registered in
/// <see cref="CommandRouterOptions.ArgumentTypes"/>. Any <see cref="IParsable{TSelf}"/> type qualifies; it is parsed with
/// the invariant culture, so a bot's users share one notation.
/// </summary>
public sealed class CommandArgumentType
{
    private readonly Func<string, (bool Ok, object? Value)> _parse;

    private CommandArgumentType(Type type, string description, Func<string, (bool, object?)> parse)
    {
        Type = type;
        Description = description;
        _parse = parse;
    }

    /// <summary>The argument type.</summary>
    public Type Type { get; }

    /// <summary>What a user should type, shown in help and in the reply to a wrong argument (e.g. "dice such as 2d6").</summary>
    public string Description { get; }

    /// <summary>Registers <typeparamref name="T"/>, parsed with its <see cref="IParsable{TSelf}.TryParse(string, IFormatProvider, out TSelf)"/>.</summary>
    /// <typeparam name="T">The argument type.</typeparam>
    /// <param name="description">What a user should type.</param>
    /// <returns>The registration.</returns>
    /// <exception cref="ArgumentException"><paramref name="description"/> is empty.</exception>
    public static CommandArgumentType For<T>(string description)
        where T : IParsable<T>
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(description);
        return new CommandArgumentType(typeof(T), description, text => T.TryParse(text, CultureInfo.InvariantCulture, out var value) ? (true, value) : (false, null));
    }

    internal bool TryParse(string text, out object? value)
    {
        (var ok, value) = _parse(text);
        return ok;
    }

    /// <summary>Names the registered type.</summary>
    /// <returns>The type's name and description.</returns>
    public override string ToString() => $"{Type.Name} ({Description})";
}
