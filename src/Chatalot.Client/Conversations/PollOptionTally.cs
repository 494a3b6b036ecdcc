namespace Chatalot.Client;

/// <summary>One answer of a poll and who chose it.</summary>
/// <param name="Index">The answer's index in <see cref="Protocol.Content.PollDefinition.Options"/>.</param>
/// <param name="Count">How many voters chose it.</param>
/// <param name="Voters">Who chose it, earliest vote first.</param>
public sealed record PollOptionTally(int Index, int Count, IReadOnlyList<UserId> Voters);
