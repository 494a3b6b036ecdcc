using System.Buffers.Binary;
using System.Buffers.Text;

namespace Chatalot.Client.Search.Internal;

/// <summary>
/// The paging cursor: the ordering key (server time, message id) of the last hit returned, base64url. The next page is
/// everything older, so messages indexed or removed between pages neither repeat nor shift the pages.
/// </summary>
internal static class SearchCursor
{
    private const int Size = 8 + 16;

    public static string Encode((long Ticks, Guid Id) order)
    {
        Span<byte> bytes = stackalloc byte[Size];
        BinaryPrimitives.WriteInt64BigEndian(bytes, order.Ticks);
        order.Id.TryWriteBytes(bytes[8..], bigEndian: true, out _);
        return Base64Url.EncodeToString(bytes);
    }

    public static (long Ticks, Guid Id) Decode(string cursor)
    {
        Span<byte> bytes = stackalloc byte[Size + 2];
        if (!Base64Url.TryDecodeFromChars(cursor, bytes, out var written) || written != Size)
        {
            throw new SearchQueryException(SearchQueryError.InvalidCursor, 0, "The cursor was not returned by this index.");
        }

        return (BinaryPrimitives.ReadInt64BigEndian(bytes), new Guid(bytes[8..Size], bigEndian: true));
    }
}
