namespace Chatalot.Samples.Web.Chat;

/// <summary>A person the composer can offer after <c>@</c>.</summary>
public sealed record MentionCandidate(Guid UserId, string Username, string DisplayName);
