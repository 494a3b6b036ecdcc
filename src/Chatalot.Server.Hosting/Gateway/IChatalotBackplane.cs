namespace Chatalot.Server.Hosting.Gateway;

/// <summary>
/// Carries gateway fan-out between server nodes. The default in-process implementation suits a single node; a
/// scale-out implementation (for example over Redis pub/sub) delivers every published message to every node,
/// including the publisher, in publish order per publisher.
/// </summary>
public interface IChatalotBackplane
{
    /// <summary>Sends a message to every node (including this one).</summary>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancels the publish.</param>
    /// <returns>A task that completes when the message is handed to the transport.</returns>
    ValueTask PublishAsync(ChatalotBackplaneMessage message, CancellationToken cancellationToken);

    /// <summary>Registers this node's handler of incoming messages.</summary>
    /// <param name="handler">Called for every message; must not block.</param>
    /// <returns>A registration that unsubscribes when disposed.</returns>
    IDisposable Subscribe(Func<ChatalotBackplaneMessage, ValueTask> handler);
}
