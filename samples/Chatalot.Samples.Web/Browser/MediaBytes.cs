using System.Runtime.InteropServices.JavaScript;
using System.Runtime.Versioning;

namespace Chatalot.Samples.Web.Browser;

/// <summary>
/// The byte-moving half of media.js, through <c>[JSImport]</c> memory views instead of <see cref="Microsoft.JSInterop.IJSRuntime"/>:
/// a file's bytes are copied straight between a JS buffer and a caller's (pooled) .NET buffer, so an upload or a
/// download allocates no managed array per slice. WebAssembly memory only grows, so every large array the runtime
/// allocates and drops raises the tab's peak (docs/articles/web.md, "Big files").
/// </summary>
[SupportedOSPlatform("browser")]
public static partial class MediaBytes
{
    /// <summary>Loads bytes [offset, offset + length) of a kept file into media.js; their count, or -1 when the page no longer holds the file.</summary>
    [JSImport("globalThis.chatalotMedia.loadSlice")]
    public static partial Task<int> LoadSliceAsync(string fileId, double offset, int length);

    /// <summary>Copies loaded bytes from <paramref name="from"/> of the file's loaded slice into <paramref name="destination"/>; the count copied.</summary>
    [JSImport("globalThis.chatalotMedia.copySlice")]
    public static partial int CopySlice(string fileId, int from, [JSMarshalAs<JSType.MemoryView>] Span<byte> destination);

    /// <summary>Appends a copy of <paramref name="bytes"/> to a blob being built (<see cref="MediaInterop.BeginAsync"/>); false when it is gone.</summary>
    [JSImport("globalThis.chatalotMedia.appendView")]
    public static partial bool Append(string builderId, [JSMarshalAs<JSType.MemoryView>] Span<byte> bytes);
}
