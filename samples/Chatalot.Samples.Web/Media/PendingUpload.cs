using Chatalot.Client.Attachments;
using Chatalot.Protocol.Content;
using Microsoft.AspNetCore.Components.Forms;

namespace Chatalot.Samples.Web.Media;

/// <summary>One file in the composer: uploading (with progress), uploaded, failed (retry) or cancelled.</summary>
public sealed class PendingUpload(IBrowserFile file, string localId, string mediaType) : IProgress<TransferProgress>
{
    public Guid Key { get; } = Guid.NewGuid();

    public IBrowserFile File { get; } = file;

    /// <summary>media.js's id of the File object (for its thumbnail).</summary>
    public string LocalId { get; } = localId;

    public string MediaType { get; } = mediaType;

    public UploadState State { get; set; } = UploadState.Uploading;

    public double Fraction { get; private set; }

    private double _shown;

    public string? Error { get; set; }

    public AttachmentRef? Result { get; set; }

    public Task? Running { get; set; }

    public CancellationTokenSource? Cancel { get; set; }

    /// <summary>Raised when the progress moved by at least a percent (to re-render the row).</summary>
    public event Action? Moved;

    public void Reset()
    {
        Fraction = 0;
        _shown = 0;
        Error = null;
        State = UploadState.Uploading;
    }

    public void Report(TransferProgress value)
    {
        Fraction = value.Fraction;
        // Against the fraction last shown, not the last reported: chunks smaller than a percent still move the bar.
        if (Fraction - _shown >= 0.01 || Fraction >= 1)
        {
            _shown = Fraction;
            Moved?.Invoke();
        }
    }

    /// <summary>The type the browser reported, when it is one a sender may write (content.md §3.1); else a generic one.</summary>
    public static string MediaTypeOf(string? browserType)
    {
        var type = (browserType ?? "").Trim().ToLowerInvariant();
        return MediaTypes.IsWellFormed(type) ? type : "application/octet-stream";
    }

    /// <summary>A name the content accepts: 1 to 255 characters.</summary>
    public static string NameOf(string? name) => string.IsNullOrWhiteSpace(name) ? "file" : name.Length > 255 ? name[^255..] : name;
}

public enum UploadState
{
    Uploading,
    Uploaded,
    Failed,
}
