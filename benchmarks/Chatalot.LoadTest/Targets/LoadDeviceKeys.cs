using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Chatalot.Protocol.Keys;
using NSec.Cryptography;

namespace Chatalot.LoadTest.Targets;

/// <summary>
/// Publishable keys for a load-test device: the server refuses sends from a device without published keys, and checks the
/// prekey signatures (docs/protocol/crypto.md §4.2). Public prekeys are random bytes of the right size, since the server
/// treats them as opaque and no load-test message is ever decrypted.
/// </summary>
internal static class LoadDeviceKeys
{
    public static DeviceKeysUpload Create()
    {
        using var identity = Key.Create(SignatureAlgorithm.Ed25519);
        SignedPrekey Signed(string context, uint id, byte? kind, int size)
        {
            var publicKey = RandomNumberGenerator.GetBytes(size);
            var prefix = Encoding.ASCII.GetBytes(context);
            var message = new byte[prefix.Length + 4 + (kind is null ? 0 : 1) + size];
            prefix.CopyTo(message, 0);
            BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(prefix.Length), id);
            if (kind is { } k)
            {
                message[prefix.Length + 4] = k;
            }

            publicKey.CopyTo(message, message.Length - size);
            return new SignedPrekey(id, publicKey, SignatureAlgorithm.Ed25519.Sign(identity, message));
        }

        return new DeviceKeysUpload(
            identity.PublicKey.Export(KeyBlobFormat.RawPublicKey),
            Signed("Chatalot_SignedPreKey_v2", 1, null, 32),
            Signed("Chatalot_KemPreKey_v2", 2, 2, 1184),
            DeviceName: "load-test");
    }
}
