using Chatalot.Client;
using Chatalot.Protocol.Content;

namespace Chatalot.Samples.Web.Chat;

/// <summary>
/// A conversation message kept in the archive for the SDK's model (a reaction, vote, poll, close or thread reply), so
/// that counts and tallies survive a reload: handed back to <c>client.Conversations.Restore</c> at unlock. Only what the
/// model reads is kept, flat, so that the archive's JSON needs nothing but primitives.
/// </summary>
public sealed record KeptContent
{
    public required Guid Id { get; init; }

    public required Guid ChannelId { get; init; }

    public required Guid SenderId { get; init; }

    public required DateTimeOffset SentAt { get; init; }

    public bool IsDirect { get; init; }

    public required string Kind { get; init; }

    public Guid? TargetId { get; init; }

    public Guid? TargetAuthor { get; init; }

    public Guid? TargetClientId { get; init; }

    public string? Emoji { get; init; }

    public int[]? Votes { get; init; }

    public string? Text { get; init; }

    public string? Question { get; init; }

    public string[]? Options { get; init; }

    public bool MultiSelect { get; init; }

    public DateTimeOffset? ClosesAt { get; init; }

    /// <summary>Whether the model aggregates this kind (the rest is not worth keeping here).</summary>
    public static bool IsKept(string kind) => kind is ContentKind.ReactionAdd or ContentKind.ReactionRemove or ContentKind.PollCreate
        or ContentKind.PollVote or ContentKind.PollClose or ContentKind.ThreadReply;

    public static KeptContent From(Guid id, Guid channelId, Guid senderId, DateTimeOffset sentAt, bool isDirect, MessageContent content) => new()
    {
        Id = id,
        ChannelId = channelId,
        SenderId = senderId,
        SentAt = sentAt,
        IsDirect = isDirect,
        Kind = content.Kind,
        TargetId = content.Target?.MessageId,
        TargetAuthor = content.Target?.AuthorId,
        TargetClientId = content.Target?.ClientMessageId,
        Emoji = content.Emoji,
        Votes = content.Votes?.ToArray(),
        Text = content.Text,
        Question = content.Poll?.Question,
        Options = content.Poll?.Options.ToArray(),
        MultiSelect = content.Poll?.MultiSelect ?? false,
        ClosesAt = content.Poll?.ClosesAt,
    };

    /// <summary>The message as the SDK takes it back.</summary>
    public KeptMessage ToKept()
    {
        var target = TargetId is { } targetId && TargetAuthor is { } author ? new MessageRef(targetId, author, TargetClientId) : null;
        var content = new MessageContent
        {
            Kind = Kind,
            Target = target,
            Emoji = Emoji,
            Votes = Votes,
            Text = Text,
            Poll = Question is { } question && Options is { } options ? new PollDefinition(question, options, MultiSelect, ClosesAt) : null,
        };
        return new KeptMessage(new MessageId(Id), new ChannelId(ChannelId), new UserId(SenderId), SentAt, content, IsDirect);
    }
}
