using System.Buffers.Binary;
using System.Text;
using Chatalot.Server.Hosting.Gateway;

namespace Chatalot.Server.Hosting.ScaleOut.Internal;

/// <summary>
/// The binary form of a <see cref="ChatalotBackplaneMessage"/> on Redis, written once per publish. Frames stay the
/// UTF-8 JSON the gateway sends: a receiving node slices them out of the received buffer and writes them to its sockets
/// without parsing or copying them.
/// </summary>
/// <remarks>
/// Layout (little-endian): version (1) · kind (1) · origin node (16) · published at, Unix ms (8) · presence flags (1) ·
/// [channel (16)] · [device (4)] · [session (16)] · [code: length (2) + UTF-8] · users: count (4) + 16 each ·
/// channels: count (4) + 16 each · frames: count (4) + (length (4) + bytes) each.
/// </remarks>
internal static class BackplaneEnvelope
{
    private const byte Version = 1;
    private const byte HasChannel = 1, HasDevice = 2, HasSession = 4, HasCode = 8;

    public static byte[] Write(ChatalotBackplaneMessage message, Guid origin)
    {
        var code = message.Code is null ? null : Encoding.UTF8.GetBytes(message.Code);
        var size = 1 + 1 + 16 + 8 + 1 + 16 + 4 + 16 + 2 + (code?.Length ?? 0) + 4 + (16 * message.UserIds.Count) + 4 + (16 * message.ChannelIds.Count) + 4;
        foreach (var frame in message.Frames)
        {
            size += 4 + frame.Length;
        }

        var buffer = new byte[size];
        var span = buffer.AsSpan();
        var at = 0;
        span[at++] = Version;
        span[at++] = (byte)message.Kind;
        WriteGuid(span, ref at, origin);
        BinaryPrimitives.WriteInt64LittleEndian(span[at..], message.PublishedAt.ToUnixTimeMilliseconds());
        at += 8;
        var flags = (byte)((message.ChannelId is null ? 0 : HasChannel) | (message.DeviceId is null ? 0 : HasDevice)
            | (message.SessionId is null ? 0 : HasSession) | (code is null ? 0 : HasCode));
        span[at++] = flags;
        if (message.ChannelId is { } channel)
        {
            WriteGuid(span, ref at, channel);
        }

        if (message.DeviceId is { } device)
        {
            BinaryPrimitives.WriteInt32LittleEndian(span[at..], device);
            at += 4;
        }

        if (message.SessionId is { } session)
        {
            WriteGuid(span, ref at, session);
        }

        if (code is not null)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(span[at..], checked((ushort)code.Length));
            at += 2;
            code.CopyTo(span[at..]);
            at += code.Length;
        }

        WriteGuids(span, ref at, message.UserIds);
        WriteGuids(span, ref at, message.ChannelIds);
        BinaryPrimitives.WriteInt32LittleEndian(span[at..], message.Frames.Count);
        at += 4;
        foreach (var frame in message.Frames)
        {
            BinaryPrimitives.WriteInt32LittleEndian(span[at..], frame.Length);
            at += 4;
            frame.Span.CopyTo(span[at..]);
            at += frame.Length;
        }

        return at == buffer.Length ? buffer : buffer[..at];
    }

    /// <summary>Reads an envelope; the frames are slices of <paramref name="body"/>, which must not be reused.</summary>
    /// <exception cref="FormatException">The bytes are not an envelope of this version.</exception>
    public static (ChatalotBackplaneMessage Message, Guid Origin) Read(ReadOnlyMemory<byte> body)
    {
        try
        {
            var span = body.Span;
            var at = 0;
            if (span[at++] != Version)
            {
                throw new FormatException("Unknown backplane envelope version.");
            }

            var kind = (ChatalotBackplaneMessageKind)span[at++];
            var origin = ReadGuid(span, ref at);
            var publishedAt = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64LittleEndian(span[at..]));
            at += 8;
            var flags = span[at++];
            Guid? channel = (flags & HasChannel) != 0 ? ReadGuid(span, ref at) : null;
            int? device = null;
            if ((flags & HasDevice) != 0)
            {
                device = BinaryPrimitives.ReadInt32LittleEndian(span[at..]);
                at += 4;
            }

            Guid? session = (flags & HasSession) != 0 ? ReadGuid(span, ref at) : null;
            string? code = null;
            if ((flags & HasCode) != 0)
            {
                var length = BinaryPrimitives.ReadUInt16LittleEndian(span[at..]);
                at += 2;
                code = Encoding.UTF8.GetString(span.Slice(at, length));
                at += length;
            }

            var users = ReadGuids(span, ref at);
            var channels = ReadGuids(span, ref at);
            var frameCount = BinaryPrimitives.ReadInt32LittleEndian(span[at..]);
            at += 4;
            if (frameCount < 0 || frameCount > body.Length)
            {
                throw new FormatException("Bad frame count.");
            }

            var frames = new ReadOnlyMemory<byte>[frameCount];
            for (var i = 0; i < frameCount; i++)
            {
                var length = BinaryPrimitives.ReadInt32LittleEndian(span[at..]);
                at += 4;
                frames[i] = body.Slice(at, length);
                at += length;
            }

            return (new ChatalotBackplaneMessage
            {
                Kind = kind,
                ChannelId = channel,
                DeviceId = device,
                SessionId = session,
                Code = code,
                UserIds = users,
                ChannelIds = channels,
                Frames = frames,
                PublishedAt = publishedAt,
            }, origin);
        }
        catch (Exception ex) when (ex is ArgumentOutOfRangeException or IndexOutOfRangeException or OverflowException)
        {
            throw new FormatException("A truncated backplane envelope.", ex);
        }
    }

    private static void WriteGuid(Span<byte> span, ref int at, Guid value)
    {
        value.TryWriteBytes(span[at..]);
        at += 16;
    }

    private static Guid ReadGuid(ReadOnlySpan<byte> span, ref int at)
    {
        var value = new Guid(span.Slice(at, 16));
        at += 16;
        return value;
    }

    private static void WriteGuids(Span<byte> span, ref int at, IReadOnlyList<Guid> values)
    {
        BinaryPrimitives.WriteInt32LittleEndian(span[at..], values.Count);
        at += 4;
        foreach (var value in values)
        {
            WriteGuid(span, ref at, value);
        }
    }

    private static Guid[] ReadGuids(ReadOnlySpan<byte> span, ref int at)
    {
        var count = BinaryPrimitives.ReadInt32LittleEndian(span[at..]);
        at += 4;
        if (count < 0 || count * 16 > span.Length - at)
        {
            throw new FormatException("Bad id count.");
        }

        var values = new Guid[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = ReadGuid(span, ref at);
        }

        return values;
    }
}
