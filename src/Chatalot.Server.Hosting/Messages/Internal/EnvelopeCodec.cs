using System.Text.Json;
using Chatalot.Protocol;
using Chatalot.Protocol.Messages;
using Chatalot.Protocol.Serialization;
using Chatalot.Server.Hosting.Errors.Internal;

namespace Chatalot.Server.Hosting.Messages.Internal;

/// <summary>
/// Checks the shape and size of an envelope and stores it as one opaque blob. The server looks at structure only
/// (which form, how many bytes, which recipient devices); the ciphertexts themselves are never interpreted.
/// </summary>
internal static class EnvelopeCodec
{
    public static byte[] Encode(MessageEnvelope envelope, bool isDm)
    {
        var hasCiphertext = envelope.Ciphertext is { Length: > 0 };
        var hasDevices = envelope.Devices is { Count: > 0 };
        if (hasCiphertext == hasDevices)
        {
            throw Fail.Validation("envelope", "Give exactly one of ciphertext (channels) or devices (direct messages).");
        }

        if (isDm != hasDevices)
        {
            throw Fail.Validation("envelope", isDm ? "Direct messages carry one ciphertext per recipient device." : "Channel messages carry one sender-key ciphertext.");
        }

        if (envelope.Devices is { Count: > ChatalotLimits.MessageEnvelopeMaxDevices })
        {
            throw Fail.Validation("envelope", $"At most {ChatalotLimits.MessageEnvelopeMaxDevices} device ciphertexts.");
        }

        long size = envelope.Ciphertext?.Length ?? 0;
        foreach (var device in envelope.Devices ?? [])
        {
            if (device.Ciphertext.Length == 0 || device.DeviceId < 1)
            {
                throw Fail.Validation("envelope", "Each device ciphertext needs a device id and bytes.");
            }

            size += device.Ciphertext.Length;
        }

        if (size > ChatalotLimits.MessageEnvelopeMaxBytes)
        {
            throw Fail.TooLarge($"The envelope exceeds {ChatalotLimits.MessageEnvelopeMaxBytes} bytes of ciphertext.");
        }

        return ChatalotJson.SerializeToUtf8Bytes(envelope);
    }

    public static MessageEnvelope? Decode(byte[]? stored)
    {
        if (stored is null)
        {
            return null;
        }

        try
        {
            return ChatalotJson.Deserialize<MessageEnvelope>(stored);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
