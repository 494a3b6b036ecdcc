namespace Chatalot.Client;

/// <summary>One emoji's reactions on a message, as this client aggregated them from <c>reaction_add</c>/<c>reaction_remove</c> contents.</summary>
/// <param name="Emoji">The emoji or <c>:shortcode:</c>.</param>
/// <param name="Count">How many users reacted with it (a user counts once).</param>
/// <param name="Users">Who reacted, earliest first.</param>
public sealed record ReactionSummary(string Emoji, int Count, IReadOnlyList<UserId> Users);
