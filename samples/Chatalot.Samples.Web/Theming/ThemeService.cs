using System.Text.Json;
using Chatalot.Samples.Web.Browser;

namespace Chatalot.Samples.Web.Theming;

/// <summary>Applies the theme to the page and persists it per user (local storage key per account id).</summary>
public sealed class ThemeService(BrowserInterop browser)
{
    private string _owner = "anonymous";

    public ThemeSettings Current { get; private set; } = ThemeSettings.Default;

    public event Action? Changed;

    /// <summary>Loads and applies the theme saved for <paramref name="userId"/> (defaults when none).</summary>
    public async Task LoadForUserAsync(Guid? userId)
    {
        _owner = userId?.ToString("N") ?? "anonymous";
        var json = await browser.StorageGetAsync(Key);
        ThemeSettings? saved = null;
        if (json is not null)
        {
            try
            {
                saved = JsonSerializer.Deserialize(json, WebJsonContext.Default.ThemeSettings);
            }
            catch (JsonException)
            {
                // A corrupt entry only costs the user their colours.
            }
        }

        await ApplyAsync(saved ?? ThemeSettings.Default, persist: false);
    }

    public Task SetAsync(ThemeSettings settings) => ApplyAsync(settings, persist: true);

    private string Key => "chatalot.theme." + _owner;

    private async Task ApplyAsync(ThemeSettings settings, bool persist)
    {
        Current = settings.Normalize();
        await browser.ApplyThemeAsync(Current.Mode, Current.Palette, Current.Accent);
        if (persist)
        {
            await browser.StorageSetAsync(Key, JsonSerializer.Serialize(Current, WebJsonContext.Default.ThemeSettings));
        }

        Changed?.Invoke();
    }
}
