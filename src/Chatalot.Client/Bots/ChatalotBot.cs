namespace Chatalot.Client.Bots;

/// <summary>
/// Base class for a bot run by <c>services.AddChatalotBot&lt;TBot&gt;()</c>. The bot is resolved from a fresh DI scope
/// for every event (so it may depend on scoped services); override the hooks you need. Commands are separate
/// <see cref="Commands.CommandModule"/> classes registered on the <see cref="ChatalotBotBuilder"/>.
/// </summary>
public abstract class ChatalotBot
{
    /// <summary>Called each time the client becomes connected (after the first connect and after every reconnect).</summary>
    /// <param name="client">The connected client.</param>
    /// <param name="cancellationToken">Cancelled when the bot stops.</param>
    /// <returns>A task that completes when the hook is done.</returns>
    public virtual ValueTask OnConnectedAsync(IChatalotClient client, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Called for every decrypted message that is not a command (the bot's own messages are skipped by default).</summary>
    /// <param name="client">The client, to reply through.</param>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancelled when the bot stops.</param>
    /// <returns>A task that completes when the hook is done.</returns>
    public virtual ValueTask OnMessageAsync(IChatalotClient client, MessageReceived message, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Called when a user joins a community or group the bot is in (for example, to greet them).</summary>
    /// <param name="client">The client, to reply through.</param>
    /// <param name="member">Who joined where.</param>
    /// <param name="cancellationToken">Cancelled when the bot stops.</param>
    /// <returns>A task that completes when the hook is done.</returns>
    public virtual ValueTask OnMemberJoinedAsync(IChatalotClient client, MemberJoined member, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Called when a message could not be decrypted.</summary>
    /// <param name="client">The client.</param>
    /// <param name="message">What failed and why.</param>
    /// <param name="cancellationToken">Cancelled when the bot stops.</param>
    /// <returns>A task that completes when the hook is done.</returns>
    public virtual ValueTask OnUndecryptableAsync(IChatalotClient client, MessageUndecryptable message, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
