namespace Chatalot.Server.Hosting.Security.Internal;

/// <summary>
/// A readable session name from a <c>User-Agent</c> header ("Chromium on Linux", "Firefox on Windows"), used when a
/// client does not name its session at login or registration. Anything unrecognised keeps the product token.
/// </summary>
internal static class DeviceNames
{
    public static string? FromUserAgent(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return null;
        }

        var ua = userAgent;
        var browser =
            Has(ua, "Edg/") ? "Edge" :
            Has(ua, "OPR/") ? "Opera" :
            Has(ua, "Firefox/") ? "Firefox" :
            Has(ua, "Chromium/") ? "Chromium" :
            Has(ua, "HeadlessChrome/") ? "Chromium" :
            Has(ua, "Chrome/") ? "Chrome" :
            Has(ua, "Safari/") ? "Safari" :
            null;
        var os =
            Has(ua, "Android") ? "Android" :
            Has(ua, "iPhone") || Has(ua, "iPad") ? "iOS" :
            Has(ua, "Windows") ? "Windows" :
            Has(ua, "Mac OS X") || Has(ua, "Macintosh") ? "macOS" :
            Has(ua, "CrOS") ? "ChromeOS" :
            Has(ua, "Linux") ? "Linux" :
            null;
        var name = (browser, os) switch
        {
            (not null, not null) => $"{browser} on {os}",
            (not null, null) => browser,
            _ => ProductToken(ua),
        };
        return name.Length > Protocol.ChatalotLimits.DeviceNameMaxLength ? name[..Protocol.ChatalotLimits.DeviceNameMaxLength] : name;
    }

    private static bool Has(string ua, string token) => ua.Contains(token, StringComparison.OrdinalIgnoreCase);

    private static string ProductToken(string ua)
    {
        var first = ua.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        return new string([.. first.Where(c => !char.IsControl(c))]);
    }
}
