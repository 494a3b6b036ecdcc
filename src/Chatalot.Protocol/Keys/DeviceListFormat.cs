using System.Buffers.Binary;
using System.Text;

namespace Chatalot.Protocol.Keys;

/// <summary>
/// The byte layout of a signed device list (crypto.md §15.2): encoding and strict parsing, with no key operation, so the
/// server can check an upload with the BCL and its Ed25519 verifier, and <c>Chatalot.Crypto.DeviceListSigner</c> signs
/// and verifies on top of it.
/// </summary>
public static class DeviceListFormat
{
    /// <summary>The domain label that starts every list.</summary>
    public const string Label = "Chatalot_DeviceList_v1";

    /// <summary>Most devices one list holds.</summary>
    public const int MaxDevices = 100;

    /// <summary>Length of the account key and of a device identity key (Ed25519 public keys): 32 bytes.</summary>
    public const int KeyLength = 32;

    /// <summary>Length of the signature: 64 bytes.</summary>
    public const int SignatureLength = 64;

    private const int EntryLength = 4 + KeyLength;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Encodes a list. Entries are sorted here; the rules of crypto.md §15.2 are checked.</summary>
    /// <param name="document">The list's contents.</param>
    /// <returns>The bytes the account key signs.</returns>
    /// <exception cref="ArgumentException">The contents break a rule of crypto.md §15.2.</exception>
    public static byte[] Encode(DeviceListDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        byte[] userId;
        try
        {
            // Strict: a lone surrogate would otherwise be signed as U+FFFD, a user id other than the document's.
            userId = StrictUtf8.GetBytes(document.UserId ?? string.Empty);
        }
        catch (EncoderFallbackException)
        {
            throw new ArgumentException("The user id is not valid Unicode text.", nameof(document));
        }

        var entries = document.Devices.OrderBy(d => d.DeviceId).ToList();
        if (Check(userId.Length, document.AccountKey, document.Version, entries) is { } problem)
        {
            throw new ArgumentException(problem, nameof(document));
        }

        var bytes = new byte[Label.Length + 1 + userId.Length + KeyLength + 8 + 8 + 2 + (entries.Count * EntryLength)];
        var span = bytes.AsSpan();
        var at = Encoding.ASCII.GetBytes(Label, span);
        span[at++] = (byte)userId.Length;
        userId.CopyTo(span[at..]);
        at += userId.Length;
        document.AccountKey.CopyTo(span[at..]);
        at += KeyLength;
        BinaryPrimitives.WriteUInt64BigEndian(span[at..], document.Version);
        BinaryPrimitives.WriteInt64BigEndian(span[(at + 8)..], document.CreatedAt.ToUnixTimeMilliseconds());
        BinaryPrimitives.WriteUInt16BigEndian(span[(at + 16)..], (ushort)entries.Count);
        at += 18;
        foreach (var entry in entries)
        {
            BinaryPrimitives.WriteUInt32BigEndian(span[at..], (uint)entry.DeviceId);
            entry.IdentityKey.CopyTo(span[(at + 4)..]);
            at += EntryLength;
        }

        return bytes;
    }

    /// <summary>Parses a list strictly (crypto.md §15.2); says nothing about its signature.</summary>
    /// <param name="encoded">The signed bytes.</param>
    /// <param name="document">The contents, when they parse.</param>
    /// <returns><see langword="true"/> when the bytes are a well-formed list.</returns>
    public static bool TryParse(ReadOnlySpan<byte> encoded, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DeviceListDocument? document)
    {
        document = null;
        var label = Encoding.ASCII.GetBytes(Label);
        if (encoded.Length < label.Length + 1 || !encoded[..label.Length].SequenceEqual(label))
        {
            return false;
        }

        var at = label.Length;
        var userIdLength = encoded[at++];
        if (userIdLength == 0 || encoded.Length < at + userIdLength + KeyLength + 18)
        {
            return false;
        }

        string userId;
        try
        {
            userId = StrictUtf8.GetString(encoded.Slice(at, userIdLength));
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        at += userIdLength;
        var accountKey = encoded.Slice(at, KeyLength).ToArray();
        at += KeyLength;
        var version = BinaryPrimitives.ReadUInt64BigEndian(encoded[at..]);
        var createdMs = BinaryPrimitives.ReadInt64BigEndian(encoded[(at + 8)..]);
        var count = BinaryPrimitives.ReadUInt16BigEndian(encoded[(at + 16)..]);
        at += 18;
        if (encoded.Length != at + (count * EntryLength)
            || createdMs < DateTimeOffset.MinValue.ToUnixTimeMilliseconds() || createdMs > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            return false;
        }

        var entries = new List<DeviceListEntry>(count);
        for (var i = 0; i < count; i++, at += EntryLength)
        {
            var id = BinaryPrimitives.ReadUInt32BigEndian(encoded[at..]);
            if (id is 0 or > int.MaxValue)
            {
                return false;
            }

            entries.Add(new DeviceListEntry((int)id, encoded.Slice(at + 4, KeyLength).ToArray()));
        }

        // Ascending ids are part of the rule: one list has exactly one encoding.
        for (var i = 1; i < entries.Count; i++)
        {
            if (entries[i].DeviceId <= entries[i - 1].DeviceId)
            {
                return false;
            }
        }

        if (Check(userIdLength, accountKey, version, entries) is not null)
        {
            return false;
        }

        document = new DeviceListDocument(userId, accountKey, version, DateTimeOffset.FromUnixTimeMilliseconds(createdMs), entries);
        return true;
    }

    private static string? Check(int userIdLength, byte[] accountKey, ulong version, List<DeviceListEntry> entries)
    {
        if (userIdLength is < 1 or > 255)
        {
            return "The user id is 1 to 255 bytes of UTF-8.";
        }

        if (accountKey is not { Length: KeyLength })
        {
            return "The account key is 32 bytes.";
        }

        if (version == 0)
        {
            return "The version starts at 1.";
        }

        if (entries.Count > MaxDevices)
        {
            return $"A list holds at most {MaxDevices} devices.";
        }

        var keys = new HashSet<string>(StringComparer.Ordinal) { Convert.ToBase64String(accountKey) };
        var ids = new HashSet<int>();
        foreach (var entry in entries)
        {
            if (entry.DeviceId <= 0 || !ids.Add(entry.DeviceId))
            {
                return "Device ids are positive and unique.";
            }

            if (entry.IdentityKey is not { Length: KeyLength } || !keys.Add(Convert.ToBase64String(entry.IdentityKey)))
            {
                return "Device identity keys are 32 bytes, unique, and never the account key.";
            }
        }

        return null;
    }
}

/// <summary>The contents of a signed device list (crypto.md §15.2).</summary>
/// <param name="UserId">The account's user id as text (a UUID in lowercase <c>D</c> format).</param>
/// <param name="AccountKey">The account key <c>AK</c> (Ed25519 public key, 32 bytes) that signs the list.</param>
/// <param name="Version">The list's version; every new list of the account has a higher one.</param>
/// <param name="CreatedAt">When the list was signed (millisecond precision).</param>
/// <param name="Devices">The account's devices.</param>
public sealed record DeviceListDocument(string UserId, byte[] AccountKey, ulong Version, DateTimeOffset CreatedAt, IReadOnlyList<DeviceListEntry> Devices)
{
    /// <summary>The entry of a device, if the list holds it.</summary>
    /// <param name="deviceId">The device id.</param>
    /// <returns>The entry, or <see langword="null"/>.</returns>
    public DeviceListEntry? Find(int deviceId) => Devices.FirstOrDefault(d => d.DeviceId == deviceId);
}

/// <summary>One device of a signed list.</summary>
/// <param name="DeviceId">The device id (1 … 2³¹ − 1).</param>
/// <param name="IdentityKey">The device's Ed25519 identity public key (32 bytes).</param>
public sealed record DeviceListEntry(int DeviceId, byte[] IdentityKey);
