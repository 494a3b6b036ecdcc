namespace Chatalot.Client.Bots;

/// <summary>
/// A DI-registered handler for one event type, resolved from a fresh scope per event
/// (register with <see cref="ChatalotBotBuilder.AddEventHandler{TEvent, THandler}"/>).
/// </summary>
/// <typeparam name="TEvent">The event type.</typeparam>
public interface IChatalotEventHandler<in TEvent>
    where TEvent : ChatalotEvent
{
    /// <summary>Handles the event. Runs off the receive loop, in order with other events of the same channel.</summary>
    /// <param name="chatalotEvent">The event.</param>
    /// <param name="cancellationToken">Cancelled when the bot stops.</param>
    /// <returns>A task that completes when the event is handled.</returns>
    ValueTask HandleAsync(TEvent chatalotEvent, CancellationToken cancellationToken);
}
