namespace Chatalot.Protocol.Messages;

/// <summary>
/// The opaque body of a message. Channel messages carry one sender-key <see cref="Ciphertext"/>; DM messages carry
/// one ciphertext per recipient device in <see cref="Devices"/>. The server never parses the ciphertexts; it only
/// checks that exactly one form is present and that the whole envelope stays within
/// <see cref="ChatalotLimits.MessageEnvelopeMaxBytes"/>.
/// </summary>
/// <param name="Ciphertext">The sender-key ciphertext, for channel messages.</param>
/// <param name="Devices">The per-device ciphertexts, for direct messages.</param>
public sealed record MessageEnvelope(byte[]? Ciphertext = null, IReadOnlyList<DeviceCiphertext>? Devices = null);
