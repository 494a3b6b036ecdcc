using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Chatalot.Client.Hosting.Internal;

/// <summary>
/// Reads typed values from a configuration section without reflection (the client is trimming- and AOT-safe): null when
/// a key is absent, a <see cref="FormatException"/> naming the key when its value does not parse.
/// </summary>
internal readonly struct ConfigurationReader(IConfiguration section)
{
    public string? String(string key) => section[key];

    public System.Uri? Uri(string key) => Parse(key, static v => new System.Uri(v, UriKind.Absolute));

    public bool? Bool(string key) => Parse(key, static v => bool.Parse(v));

    public int? Int(string key) => Parse(key, static v => int.Parse(v, NumberStyles.Integer, CultureInfo.InvariantCulture));

    public double? Double(string key) => Parse(key, static v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture));

    public TimeSpan? TimeSpan(string key) => Parse(key, static v => System.TimeSpan.Parse(v, CultureInfo.InvariantCulture));

    public TEnum? Enum<TEnum>(string key)
        where TEnum : struct, Enum =>
        Parse(key, static v => System.Enum.TryParse<TEnum>(v, ignoreCase: true, out var value) && System.Enum.IsDefined(value) ? value : throw new FormatException($"'{v}' is not one of {string.Join(", ", System.Enum.GetNames<TEnum>())}."));

    private T? Parse<T>(string key, Func<string, T> parse)
        where T : struct
    {
        if (section[key] is not { Length: > 0 } value)
        {
            return null;
        }

        try
        {
            return parse(value);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or UriFormatException)
        {
            throw new FormatException($"The setting '{key}' has the wrong format: {ex.Message}", ex);
        }
    }

    private System.Uri? Parse(string key, Func<string, System.Uri> parse)
    {
        if (section[key] is not { Length: > 0 } value)
        {
            return null;
        }

        try
        {
            return parse(value);
        }
        catch (UriFormatException ex)
        {
            throw new FormatException($"The setting '{key}' has the wrong format: {ex.Message}", ex);
        }
    }
}
