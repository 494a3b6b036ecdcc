namespace Chatalot.Client;

/// <summary>The mentions of a message being composed (<see cref="MentionParser"/>).</summary>
/// <param name="Users">The mentioned users, in order of first mention (the content's <c>mentions</c>).</param>
/// <param name="Everyone">Whether <c>@everyone</c> occurs (the content's <c>mentions_everyone</c>).</param>
/// <param name="Here">Whether <c>@here</c> occurs (the content's <c>mentions_here</c>).</param>
public sealed record MentionSet(IReadOnlyList<UserId> Users, bool Everyone, bool Here);
