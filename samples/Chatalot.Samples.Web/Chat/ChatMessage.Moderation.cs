namespace Chatalot.Samples.Web.Chat;

public sealed partial record ChatMessage
{
    /// <summary>
    /// The message's franking opening (<c>FrankingOpening.ToBase64()</c>: its padded plaintext with the franking key),
    /// kept in the sealed archive like the text so that a reloaded message can still be reported; null for own
    /// messages, messages stored before franking and messages this browser did not decrypt (not reportable).
    /// </summary>
    public string? Opening { get; init; }

    /// <summary>Whether this browser can report the message: someone else's, with its opening kept.</summary>
    public bool CanReport => !IsOwn && Opening is not null;
}
