namespace Chatalot.Protocol.Communities;

/// <summary>A community: the top-level space that holds groups and their channels.</summary>
/// <param name="Id">The community id.</param>
/// <param name="Name">The name, 1-64 characters.</param>
/// <param name="Description">The description, at most 2048 characters.</param>
/// <param name="OwnerId">The owner.</param>
/// <param name="Discoverable">Whether invite previews show its name and description.</param>
/// <param name="MemberCount">How many members it has.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="MyRole">The caller's role, when the caller is a member.</param>
/// <param name="CanMentionEveryone">
/// Whether the caller may use <c>@everyone</c> and <c>@here</c> here (holds <c>mention_everyone</c>). Advisory: mentions
/// are inside encrypted content, so clients enforce it in their UI and the server cannot (content.md §7).
/// </param>
public sealed record Community(
    Guid Id,
    string Name,
    string? Description,
    Guid OwnerId,
    bool Discoverable,
    int MemberCount,
    DateTimeOffset CreatedAt,
    CommunityRole? MyRole = null,
    bool CanMentionEveryone = false);
