namespace Chatalot.Client.Commands;

/// <summary>
/// Base class for a group of commands: public methods marked <see cref="CommandAttribute"/>. A module is created from
/// the command's DI scope for every invocation (constructor injection works; scoped services are per command), and
/// disposed afterwards if it is disposable.
/// </summary>
/// <remarks>
/// A command method may return <see cref="Task"/>, <see cref="ValueTask"/> or <see langword="void"/>; returning a
/// <see cref="string"/> (or <c>Task&lt;string&gt;</c> / <c>ValueTask&lt;string&gt;</c>) replies with it.
/// </remarks>
public abstract class CommandModule
{
    private CommandContext? _context;

    /// <summary>The invocation being handled.</summary>
    /// <exception cref="InvalidOperationException">Read outside of a command invocation.</exception>
    public CommandContext Context
    {
        get => _context ?? throw new InvalidOperationException("Context is only available while a command runs.");
        internal set => _context = value;
    }

    /// <summary>Replies in the channel the command came from.</summary>
    /// <param name="text">The reply.</param>
    /// <returns>The server's acknowledgement.</returns>
    /// <exception cref="ChatalotClientException">The reply could not be sent.</exception>
    protected ValueTask<SentMessage> ReplyAsync(string text) => Context.ReplyAsync(text);

    /// <summary>Replies to the author in a direct message.</summary>
    /// <param name="text">The reply.</param>
    /// <returns>The server's acknowledgement.</returns>
    /// <exception cref="ChatalotClientException">The reply could not be sent.</exception>
    protected ValueTask<SentMessage> ReplyDirectAsync(string text) => Context.ReplyDirectAsync(text);

    /// <summary>Replies in the channel the command came from with a file, encrypted end to end, and an optional caption.</summary>
    /// <param name="content">The file, read from its position to its end (seekable).</param>
    /// <param name="name">The file name.</param>
    /// <param name="mediaType">The media type, e.g. <c>image/png</c>.</param>
    /// <param name="caption">Text sent with the file, or none.</param>
    /// <returns>The server's acknowledgement.</returns>
    /// <exception cref="ChatalotClientException">The file is invalid or too large, or the upload or reply failed.</exception>
    protected ValueTask<SentMessage> ReplyWithFileAsync(Stream content, string name, string mediaType, string? caption = null) =>
        Context.ReplyWithFileAsync(content, name, mediaType, caption);
}
