using Chatalot.Protocol.Content;

namespace Chatalot.Client.Messages.Internal;

/// <summary>What decrypting one stored message gave.</summary>
internal abstract record DecryptOutcome
{
    /// <summary>Authenticated content that fits its transport.</summary>
    public sealed record Decrypted(MessageContent Content, TrustState Trust, byte[]? Plaintext = null) : DecryptOutcome;

    /// <summary>Cannot be read, for good (or until the user accepts a key).</summary>
    public sealed record Failed(UndecryptableReason Reason, string? Code) : DecryptOutcome;

    /// <summary>The sender's chain is not here yet: hold the message until it arrives.</summary>
    public sealed record MissingKey(uint ChainId, uint Iteration) : DecryptOutcome;

    /// <summary>Nothing to show: our own message from this device, or a deleted one.</summary>
    public sealed record Ignored : DecryptOutcome;
}
