namespace Chatalot.Crypto;

/// <summary>Names one sender-key chain owner: a channel and the sending device.</summary>
public sealed record SenderKeyName
{
    /// <summary>Creates a name.</summary>
    /// <param name="channelId">The channel id (1 to 255 UTF-8 bytes).</param>
    /// <param name="sender">The sending device.</param>
    /// <exception cref="ArgumentException">The channel id is empty or too long.</exception>
    public SenderKeyName(string channelId, ProtocolAddress sender)
    {
        ArgumentException.ThrowIfNullOrEmpty(channelId);
        ArgumentNullException.ThrowIfNull(sender);
        if (System.Text.Encoding.UTF8.GetByteCount(channelId) > 255)
        {
            throw new ArgumentException("The channel id is longer than 255 UTF-8 bytes.", nameof(channelId));
        }

        ChannelId = channelId;
        Sender = sender;
    }

    /// <summary>The channel id.</summary>
    public string ChannelId { get; }

    /// <summary>The sending device.</summary>
    public ProtocolAddress Sender { get; }

    /// <inheritdoc />
    public override string ToString() => $"{ChannelId}/{Sender}";
}
