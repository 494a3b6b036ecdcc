using Microsoft.Extensions.Logging;

namespace Chatalot.Crypto.Internal;

/// <summary>
/// Source-generated log messages. Only addresses, error codes and roles are logged: never keys, plaintext,
/// ciphertext or exception text that could contain them.
/// </summary>
internal static partial class CryptoLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Established a pairwise session with {Address} as {Role}.")]
    public static partial void SessionEstablished(ILogger logger, ProtocolAddress address, string role);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Debug, Message = "Rejected a {Kind} message from {Address}: {Code}.")]
    public static partial void MessageRejected(ILogger logger, string kind, string address, CryptoErrorCode code);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "The identity key of {UserId} differs from the pinned key; the user must verify the new safety number.")]
    public static partial void UntrustedIdentity(ILogger logger, string userId);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Pinned a new identity key for {UserId} ({Change}).")]
    public static partial void IdentityPinned(ILogger logger, string userId, IdentityChange change);
}
