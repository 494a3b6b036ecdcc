namespace Chatalot.Protocol.Content;

/// <summary>A poll (content.md §3.5). Votes are messages of kind <see cref="ContentKind.PollVote"/> that clients tally.</summary>
/// <param name="Question">The question, 1 to <see cref="ChatalotLimits.PollQuestionMaxLength"/> characters.</param>
/// <param name="Options">The answers, <see cref="ChatalotLimits.PollOptionsMin"/> to <see cref="ChatalotLimits.PollOptionsMax"/>.</param>
/// <param name="MultiSelect">Whether a voter may pick several answers.</param>
/// <param name="ClosesAt">When voting ends, if it ends by itself.</param>
public sealed record PollDefinition(string Question, IReadOnlyList<string> Options, bool MultiSelect = false, DateTimeOffset? ClosesAt = null);
