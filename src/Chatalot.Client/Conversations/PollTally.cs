using Chatalot.Protocol.Content;

namespace Chatalot.Client;

/// <summary>
/// A poll's results as this client tallied them from <c>poll_vote</c> and <c>poll_close</c> contents (client.md,
/// "Polls"): each voter's latest valid vote counts once.
/// </summary>
/// <param name="Poll">The poll message.</param>
/// <param name="Author">Who opened the poll (the only one who may close it).</param>
/// <param name="Definition">The question and answers.</param>
/// <param name="Options">Per answer, in the poll's order: its votes and voters.</param>
/// <param name="TotalVoters">How many users have a vote that counts.</param>
/// <param name="IsClosed">Whether the author closed it or <see cref="PollDefinition.ClosesAt"/> has passed (by the server's clock).</param>
public sealed record PollTally(MessageId Poll, UserId Author, PollDefinition Definition, IReadOnlyList<PollOptionTally> Options, int TotalVoters, bool IsClosed)
{
    /// <summary>Describes the tally without the question or answers.</summary>
    /// <returns>The poll id, voters and state.</returns>
    public override string ToString() => $"PollTally {{ Poll = {Poll}, TotalVoters = {TotalVoters}, IsClosed = {IsClosed} }}";
}
