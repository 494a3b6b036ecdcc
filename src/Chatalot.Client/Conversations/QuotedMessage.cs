using Chatalot.Protocol.Content;

namespace Chatalot.Client;

/// <summary>What a reply or thread reply answers: the target, and a short preview when this client holds the quoted message.</summary>
/// <param name="Target">The quoted message (for a thread reply, the thread's root).</param>
/// <param name="InThread">Whether this is a thread reply rather than a reply in the channel.</param>
/// <param name="Preview">The first line of the quoted text, at most 120 characters; null when the quoted message was not seen by this client (load it with <c>around=</c>).</param>
public sealed record QuotedMessage(MessageRef Target, bool InThread, string? Preview)
{
    /// <summary>Describes the quote without its preview text.</summary>
    /// <returns>The target and whether it is a thread.</returns>
    public override string ToString() => $"QuotedMessage {{ Target = {Target.MessageId}, InThread = {InThread}, HasPreview = {Preview is not null} }}";
}
