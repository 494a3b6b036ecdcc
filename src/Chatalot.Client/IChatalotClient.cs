namespace Chatalot.Client;

/// <summary>
/// What bots and applications use of a Chatalot client: connection, events and end-to-end encrypted sending.
/// Implemented by <c>ChatalotClient</c>; the bot toolkit depends only on this interface, so bots can be tested against
/// an in-memory implementation.
/// </summary>
public interface IChatalotClient
{
    /// <summary>The current connection state.</summary>
    ConnectionState State { get; }

    /// <summary>The signed-in user, once connected.</summary>
    UserId? CurrentUserId { get; }

    /// <summary>This device, once connected.</summary>
    DeviceId? CurrentDeviceId { get; }

    /// <summary>Handler registration and event streams.</summary>
    EventHub Events { get; }

    /// <summary>Signs in if needed, connects the gateway and keeps it connected until <see cref="DisconnectAsync"/>.</summary>
    /// <param name="cancellationToken">Cancels the first connection attempt.</param>
    /// <returns>A task that completes once the client is connected.</returns>
    /// <exception cref="ChatalotClientException">Signing in or connecting failed for good.</exception>
    Task ConnectAsync(CancellationToken cancellationToken = default);

    /// <summary>Closes the gateway connection; events already received are still delivered.</summary>
    /// <param name="cancellationToken">Stops waiting for a graceful close.</param>
    /// <returns>A task that completes once disconnected.</returns>
    Task DisconnectAsync(CancellationToken cancellationToken = default);

    /// <summary>Encrypts <paramref name="text"/> for every member device of <paramref name="channel"/> and posts it.</summary>
    /// <param name="channel">A group text channel or a direct-message channel.</param>
    /// <param name="text">The plaintext; it never leaves this process unencrypted.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>The server's acknowledgement.</returns>
    /// <exception cref="ChatalotClientException">The message could not be encrypted or posted.</exception>
    ValueTask<SentMessage> SendAsync(ChannelId channel, string text, CancellationToken cancellationToken = default);

    /// <summary>Sends a direct message to <paramref name="user"/>, opening the DM channel if needed.</summary>
    /// <param name="user">The recipient.</param>
    /// <param name="text">The plaintext; it never leaves this process unencrypted.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>The server's acknowledgement.</returns>
    /// <exception cref="ChatalotClientException">The message could not be encrypted or posted.</exception>
    ValueTask<SentMessage> SendAsync(UserId user, string text, CancellationToken cancellationToken = default);
}
