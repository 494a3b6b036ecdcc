using Microsoft.JSInterop;

namespace Chatalot.Samples.Web.Browser;

/// <summary>Typed access to wwwroot/js/chatalot.js: IndexedDB, localStorage, theme attributes, focus and scrolling.</summary>
public sealed class BrowserInterop(IJSRuntime js)
{
    public ValueTask<string?> IndexedDbGetAsync(string key) => js.InvokeAsync<string?>("chatalot.idbGet", key);

    public async ValueTask IndexedDbPutAsync(string key, string value) => await js.InvokeAsync<bool>("chatalot.idbPut", key, value);

    public async ValueTask IndexedDbDeleteAsync(string key) => await js.InvokeAsync<bool>("chatalot.idbDelete", key);

    public ValueTask<string?> StorageGetAsync(string key) => js.InvokeAsync<string?>("chatalot.storageGet", key);

    public ValueTask StorageSetAsync(string key, string value) => js.InvokeVoidAsync("chatalot.storageSet", key, value);

    public ValueTask ApplyThemeAsync(string mode, string palette, string accent) => js.InvokeVoidAsync("chatalot.applyTheme", mode, palette, accent);

    public ValueTask SetShortcutHandlerAsync(object? handler) => js.InvokeVoidAsync("chatalot.setShortcutHandler", handler);

    public ValueTask FocusAsync(string selector) => js.InvokeVoidAsync("chatalot.focus", selector);

    public ValueTask ScrollToBottomAsync(string selector) => js.InvokeVoidAsync("chatalot.scrollToBottom", selector);

    public ValueTask<bool> IsNearTopAsync(string selector) => js.InvokeAsync<bool>("chatalot.isNearTop", selector);

    public ValueTask<double> DistanceFromBottomAsync(string selector) => js.InvokeAsync<double>("chatalot.distanceFromBottom", selector);

    public ValueTask RestoreDistanceFromBottomAsync(string selector, double distance) => js.InvokeVoidAsync("chatalot.restoreDistanceFromBottom", selector, distance);

    public ValueTask<bool> IsNearBottomAsync(string selector) => js.InvokeAsync<bool>("chatalot.isNearBottom", selector);

    public ValueTask<string?> WrapSelectionAsync(string selector, string marker) => js.InvokeAsync<string?>("chatalot.wrapSelection", selector, marker);

    public ValueTask CopyAsync(string text) => js.InvokeVoidAsync("chatalot.copy", text);
}
