namespace Chatalot.Client.Previews;

/// <summary>An image or GIF the server fetched on the user's behalf (its media type checked against its bytes by the server).</summary>
/// <param name="Data">The bytes.</param>
/// <param name="MediaType">The media type, e.g. <c>image/gif</c>.</param>
public sealed record RelayedMedia(byte[] Data, string MediaType)
{
    /// <inheritdoc />
    public override string ToString() => $"RelayedMedia {{ MediaType = {MediaType}, {Data.Length} bytes }}";
}
