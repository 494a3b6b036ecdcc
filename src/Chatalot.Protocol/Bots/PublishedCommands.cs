namespace Chatalot.Protocol.Bots;

/// <summary>One argument of a published command, for a composer's hint.</summary>
/// <param name="Name">The argument name (1-32 characters).</param>
/// <param name="Description">What to type (at most 100 characters).</param>
/// <param name="Optional">Whether it may be left out.</param>
public sealed record PublishedCommandArgument(string Name, string? Description = null, bool Optional = false);

/// <summary>One command a user (a bot) answers to, for the web composer's autocomplete. Not message content: the server sees it.</summary>
/// <param name="Name">The name without prefix (1-32 letters, digits, <c>-</c>, <c>_</c>).</param>
/// <param name="Summary">One line (at most 200 characters).</param>
/// <param name="Arguments">Its arguments, in order (at most 10).</param>
public sealed record PublishedCommand(string Name, string? Summary = null, IReadOnlyList<PublishedCommandArgument>? Arguments = null);

/// <summary>Body of <c>PUT /api/v1/users/me/commands</c>: the caller's whole command list (replaces the previous one; an empty list removes it).</summary>
/// <param name="Prefix">The prefix its commands start with (1-8 characters, no white space).</param>
/// <param name="Commands">The commands (at most 100, distinct names).</param>
public sealed record PublishCommandsRequest(string Prefix, IReadOnlyList<PublishedCommand> Commands);

/// <summary>A member's published command list, from <c>GET /api/v1/communities/{id}/commands</c>.</summary>
/// <param name="UserId">The member who published it.</param>
/// <param name="Username">Their user name.</param>
/// <param name="Prefix">The prefix.</param>
/// <param name="Commands">The commands.</param>
/// <param name="UpdatedAt">When it was published.</param>
public sealed record MemberCommandList(Guid UserId, string Username, string Prefix, IReadOnlyList<PublishedCommand> Commands, DateTimeOffset UpdatedAt);
