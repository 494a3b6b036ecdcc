using Chatalot.Protocol.Messages;
using Chatalot.Protocol.ToDevice;

namespace Chatalot.Client.Messages.Internal;

/// <summary>Where the client's writes go: the gateway while connected (pipelined, idempotent), REST otherwise.</summary>
internal interface IClientTransport
{
    /// <summary>Stores a message; a retry with the same idempotency key returns the stored one.</summary>
    Task<Message> SendMessageAsync(ChannelId channel, SendMessageRequest request, CancellationToken cancellationToken);

    /// <summary>Replaces a message's body.</summary>
    Task<Message> EditMessageAsync(ChannelId channel, MessageId message, EditMessageRequest request, CancellationToken cancellationToken);

    /// <summary>Erases a message's ciphertext on the server.</summary>
    Task DeleteMessageAsync(ChannelId channel, MessageId message, CancellationToken cancellationToken);

    /// <summary>Queues to-device payloads (at most <see cref="Protocol.ChatalotLimits.ToDeviceBatchMaxMessages"/>).</summary>
    Task SendToDeviceAsync(SendToDeviceRequest request, CancellationToken cancellationToken);

    /// <summary>Acknowledges processed to-device messages so the server deletes them.</summary>
    Task AckToDeviceAsync(IReadOnlyList<Guid> messageIds, CancellationToken cancellationToken);
}
