using Chatalot.Protocol.Content;

namespace Chatalot.Fuzz.Targets;

/// <summary>
/// The content envelope (content.md §5): <see cref="ContentCodec.Decode"/> and
/// <see cref="ContentCodec.DecodeDevicePayload"/> throw only <see cref="ContentFormatException"/>. The input is the
/// JSON; the target pads it as a sender would (so mutations reach the JSON and the kind rules), and also decodes the
/// raw bytes (so the padding checks see arbitrary lengths and trailers).
/// </summary>
public sealed class ContentTarget : FuzzTarget
{
    /// <inheritdoc />
    public override string Name => "content";

    /// <inheritdoc />
    public override string Description => "ContentCodec.Decode / DecodeDevicePayload on padded JSON and on raw bytes; allows ContentFormatException";

    /// <inheritdoc />
    public override void Run(ReadOnlySpan<byte> data)
    {
        var padded = Pad(data);
        Decode(padded);
        Decode(data);
    }

    /// <inheritdoc />
    public override IEnumerable<(string Name, byte[] Data)> CreateSeeds() => Seeds.ContentSeeds.Create();

    private static void Decode(ReadOnlySpan<byte> plaintext)
    {
        try
        {
            var content = ContentCodec.Decode(plaintext);

            // An accepted content must encode again: clients re-send edits and forward quotes.
            _ = ContentCodec.Encode(content);
        }
        catch (ContentFormatException)
        {
        }

        try
        {
            _ = ContentCodec.Encode(ContentCodec.DecodeDevicePayload(plaintext));
        }
        catch (ContentFormatException)
        {
        }
    }

    // ISO/IEC 7816-4 padding to the codec's block, as ContentCodec.Encode does.
    private static byte[] Pad(ReadOnlySpan<byte> json)
    {
        var padded = new byte[((json.Length / ContentCodec.PaddingBlock) + 1) * ContentCodec.PaddingBlock];
        json.CopyTo(padded);
        padded[json.Length] = 0x80;
        return padded;
    }
}
