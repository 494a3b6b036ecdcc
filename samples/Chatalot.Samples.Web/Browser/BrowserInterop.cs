using Microsoft.JSInterop;

namespace Chatalot.Samples.Web.Browser;

/// <summary>Typed access to wwwroot/js/chatalot.js: IndexedDB, localStorage, theme attributes, focus and scrolling.</summary>
public sealed class BrowserInterop(IJSRuntime js)
{
    public ValueTask<string?> IndexedDbGetAsync(string key) => js.InvokeAsync<string?>("chatalot.idbGet", key);

    public async ValueTask IndexedDbPutAsync(string key, string value) => await js.InvokeAsync<bool>("chatalot.idbPut", key, value);

    public async ValueTask IndexedDbDeleteAsync(string key) => await js.InvokeAsync<bool>("chatalot.idbDelete", key);

    public ValueTask<byte[]?> RecordGetAsync(string key) => js.InvokeAsync<byte[]?>("chatalot.recordGet", key);

    public async ValueTask RecordPutAsync(string key, byte[] value) => await js.InvokeAsync<bool>("chatalot.recordPut", key, value);

    public ValueTask<bool> RecordDeleteAsync(string key) => js.InvokeAsync<bool>("chatalot.recordDelete", key);

    /// <summary>Every record under a key prefix as a flat array: key, base64 sealed bytes, key, … (lists are rare: signed prekeys at start-up).</summary>
    public ValueTask<string[]> RecordListAsync(string prefix) => js.InvokeAsync<string[]>("chatalot.recordList", prefix);

    public async ValueTask RecordClearAsync(string prefix) => await js.InvokeAsync<bool>("chatalot.recordClear", prefix);

    public async ValueTask MessagePutAsync(string key, string id, byte[] value) => await js.InvokeAsync<bool>("chatalot.messagePut", key, id, value);

    public ValueTask<bool> MessageDeleteAsync(string id) => js.InvokeAsync<bool>("chatalot.messageDelete", id);

    /// <summary>
    /// Up to <paramref name="limit"/> archived messages under <paramref name="prefix"/> with keys below
    /// <paramref name="before"/>, newest first, as a flat array: key, base64 sealed bytes, key, … (plain strings keep
    /// the interop free of reflection-serialised types, which trimming could remove).
    /// </summary>
    public ValueTask<string[]> MessagePageAsync(string prefix, string? before, int limit) =>
        js.InvokeAsync<string[]>("chatalot.messagePage", prefix, before, limit);

    public async ValueTask MessageClearAsync(string prefix) => await js.InvokeAsync<bool>("chatalot.messageClear", prefix);

    public ValueTask WatchScrollAsync(string selector, object handler) => js.InvokeVoidAsync("chatalot.watchScroll", selector, handler);

    public ValueTask SetEditHandlerAsync(object? handler) => js.InvokeVoidAsync("chatalot.setEditHandler", handler);

    /// <summary>Takes this browser's device lock (Web Locks API); false when another tab holds it.</summary>
    public ValueTask<bool> AcquireDeviceLockAsync() => js.InvokeAsync<bool>("chatalot.acquireDeviceLock");

    public ValueTask ReleaseDeviceLockAsync() => js.InvokeVoidAsync("chatalot.releaseDeviceLock");

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

    // Attention (wwwroot/js/attention.js): tab title, visibility, desktop notifications.

    public ValueTask SetTitleAsync(string title) => js.InvokeVoidAsync("chatalotAttention.setTitle", title);

    /// <summary>Reports visibility changes to <c>OnVisibilityChanged(bool)</c> of <paramref name="handler"/>; returns whether the page is visible now.</summary>
    public ValueTask<bool> WatchVisibilityAsync(object? handler) => js.InvokeAsync<bool>("chatalotAttention.watchVisibility", handler);

    /// <summary><c>default</c>, <c>granted</c>, <c>denied</c> or <c>unsupported</c>.</summary>
    public ValueTask<string> NotificationPermissionAsync() => js.InvokeAsync<string>("chatalotAttention.permission");

    public ValueTask<string> RequestNotificationPermissionAsync() => js.InvokeAsync<string>("chatalotAttention.requestPermission");

    /// <summary>Shows a desktop notification; clicking it focuses the tab and opens <paramref name="route"/>.</summary>
    public ValueTask ShowNotificationAsync(string title, string body, string route, string tag) =>
        js.InvokeVoidAsync("chatalotAttention.notify", title, body, route, tag);

    // Composer extras, message list windowing, jumping and search (web-composer).
    public ValueTask<int> CaretAsync(string selector) => js.InvokeAsync<int>("chatalot.caret", selector);

    /// <summary>Replaces [start, end) of a text box with <paramref name="text"/>, puts the caret after it, and returns the new value.</summary>
    public ValueTask<string?> ReplaceRangeAsync(string selector, int start, int end, string text) => js.InvokeAsync<string?>("chatalot.replaceRange", selector, start, end, text);

    public ValueTask SetAutocompleteHandlerAsync(object? handler) => js.InvokeVoidAsync("chatalot.setAutocompleteHandler", handler);

    public ValueTask<string?> MessageKeyOfAsync(string id) => js.InvokeAsync<string?>("chatalot.messageKeyOf", id);

    /// <summary>Archived messages under a prefix in key order after <paramref name="after"/>: key, base64 sealed bytes, key, …</summary>
    public ValueTask<string[]> MessageScanAsync(string prefix, string? after, int limit) => js.InvokeAsync<string[]>("chatalot.messageScan", prefix, after, limit);

    /// <summary>Writes key, id, base64 sealed bytes, key, … in one transaction.</summary>
    public async ValueTask MessagePutManyAsync(string[] flat) => await js.InvokeAsync<bool>("chatalot.messagePutMany", [flat]);

    /// <summary>The first message at least partly visible in the list and its offset from the list's top: id, offset.</summary>
    public ValueTask<string[]?> CaptureAnchorAsync(string selector) => js.InvokeAsync<string[]?>("chatalot.captureAnchor", selector);

    public ValueTask RestoreAnchorAsync(string selector, string id, string offset) => js.InvokeVoidAsync("chatalot.restoreAnchor", selector, id, offset);

    /// <summary>Scrolls a message to the middle of the list, flashes it and focuses it; false when it is not in the page.</summary>
    public ValueTask<bool> ShowMessageAsync(string selector, Guid id) => js.InvokeAsync<bool>("chatalot.showMessage", selector, id.ToString());

    public ValueTask SetSearchShortcutHandlerAsync(object? handler) => js.InvokeVoidAsync("chatalot.setSearchShortcutHandler", handler);

    public ValueTask SetTestHooksAsync(object handler) => js.InvokeVoidAsync("chatalot.setTestHooks", handler);
}
