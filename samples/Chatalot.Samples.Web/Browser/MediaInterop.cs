using Microsoft.JSInterop;

namespace Chatalot.Samples.Web.Browser;

/// <summary>
/// Typed access to wwwroot/js/media.js: local files for thumbnails, canvas thumbnails, blob URLs of decrypted bytes and
/// saving a decrypted file. Results cross as flat string arrays, like <see cref="BrowserInterop"/>, so trimming keeps
/// nothing reflection-serialised.
/// </summary>
public sealed class MediaInterop(IJSRuntime js)
{
    public ValueTask WatchDropsAsync(string zoneSelector, string inputSelector) => js.InvokeVoidAsync("chatalotMedia.watchDrops", zoneSelector, inputSelector);

    /// <summary>Ids of the File objects now in the input, in the order InputFile lists them.</summary>
    public ValueTask<string[]> TakeFilesAsync(string inputSelector) => js.InvokeAsync<string[]>("chatalotMedia.takeFiles", inputSelector);

    public ValueTask PickAsync(string inputSelector) => js.InvokeVoidAsync("chatalotMedia.pick", inputSelector);

    public ValueTask ReleaseFileAsync(string id) => js.InvokeVoidAsync("chatalotMedia.releaseFile", id);

    /// <summary>Thumbnail and measurements of a local file: see <see cref="Chat.LocalMedia.Parse"/>.</summary>
    public ValueTask<string[]?> DescribeFileAsync(string id) => js.InvokeAsync<string[]?>("chatalotMedia.describeFile", id);

    /// <summary>Thumbnail and measurements of an image in memory (a relayed link image or GIF).</summary>
    public ValueTask<string[]?> DescribeBytesAsync(byte[] bytes, string mediaType, CancellationToken cancellationToken = default) =>
        js.InvokeAsync<string[]?>("chatalotMedia.describeBytes", cancellationToken, bytes, mediaType);

    public ValueTask<string> BeginAsync() => js.InvokeAsync<string>("chatalotMedia.begin");

    public async ValueTask AppendAsync(string id, byte[] bytes) => await js.InvokeAsync<bool>("chatalotMedia.append", id, bytes);

    public ValueTask AbortAsync(string id) => js.InvokeVoidAsync("chatalotMedia.abort", id);

    /// <summary>The blob URL of what was appended (revoke it with <see cref="RevokeAsync"/>).</summary>
    public ValueTask<string?> FinishAsync(string id, string mediaType) => js.InvokeAsync<string?>("chatalotMedia.finish", id, mediaType);

    public ValueTask RevokeAsync(string url) => js.InvokeVoidAsync("chatalotMedia.revoke", url);

    public async ValueTask SaveAsync(string id, string name) => await js.InvokeAsync<bool>("chatalotMedia.save", id, name);

    public ValueTask FocusAsync(string selector) => js.InvokeVoidAsync("chatalotMedia.focus", selector);
}
