namespace Chatalot.Samples.Web.Theming;

/// <summary>A user's appearance choice: light or dark mode, a palette and an accent colour.</summary>
public sealed record ThemeSettings
{
    public static readonly IReadOnlyList<string> Modes = ["dark", "light"];

    public static readonly IReadOnlyList<(string Id, string Name)> Palettes =
    [
        ("default", "Default"), ("monokai", "Monokai"), ("dracula", "Dracula"), ("nord", "Nord"),
        ("solarized", "Solarized"), ("amoled", "AMOLED"), ("catppuccin", "Catppuccin"),
    ];

    public static readonly IReadOnlyList<(string Id, string Name, string Colour)> Accents =
    [
        ("blurple", "Blurple", "#5865f2"), ("green", "Green", "#23a55a"), ("yellow", "Yellow", "#e0a500"),
        ("orange", "Orange", "#e8710a"), ("red", "Red", "#da373c"), ("pink", "Pink", "#d6409f"),
        ("purple", "Purple", "#8e44ec"), ("teal", "Teal", "#0f9d9a"),
    ];

    public static ThemeSettings Default { get; } = new();

    public string Mode { get; init; } = "dark";

    public string Palette { get; init; } = "default";

    public string Accent { get; init; } = "blurple";

    /// <summary>Replaces unknown values (an old or edited entry in local storage) by the defaults.</summary>
    public ThemeSettings Normalize() => new()
    {
        Mode = Modes.Contains(Mode) ? Mode : Default.Mode,
        Palette = Palettes.Any(p => p.Id == Palette) ? Palette : Default.Palette,
        Accent = Accents.Any(a => a.Id == Accent) ? Accent : Default.Accent,
    };
}
