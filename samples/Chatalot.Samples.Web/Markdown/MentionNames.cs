namespace Chatalot.Samples.Web.Markdown;

/// <summary>
/// Who <c>@name</c> can mean when a message is rendered: the usernames the reader knows (members of the conversation's
/// community) and the reader's own username, whose mentions (and <c>@everyone</c> / <c>@here</c>) get the "mentions
/// me" style. Names match ignoring case, as the SDK's <c>MentionParser</c> does when composing.
/// </summary>
public sealed class MentionNames(IEnumerable<string> usernames, string? myUsername)
{
    private readonly HashSet<string> _names = new(usernames, StringComparer.OrdinalIgnoreCase);

    /// <summary>No known names: only <c>@everyone</c> and <c>@here</c> become pills.</summary>
    public static MentionNames None { get; } = new([], null);

    public string? MyUsername { get; } = myUsername;

    public bool IsKnown(string name) => _names.Contains(name) || string.Equals(name, MyUsername, StringComparison.OrdinalIgnoreCase);
}
