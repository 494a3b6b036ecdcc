using Chatalot.Client;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Audit;
using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Reports;

namespace Chatalot.Samples.Web.Chat;

/// <summary>
/// Moderation over the SDK: verifiable abuse reports (the opening kept with each message), the moderator queue, the
/// audit log, kick and ban, and the live effects of being removed from a community. What the UI offers follows the
/// caller's role; the server decides, and its typed refusal is shown when it comes.
/// </summary>
public sealed partial class ChatSession
{
    /// <summary>Why the user just lost a community (kicked or banned), shown once by the shell; null when nothing to say.</summary>
    public string? ModerationNotice { get; private set; }

    public void DismissModerationNotice()
    {
        ModerationNotice = null;
        Notify();
    }

    /// <summary>The caller's role in a community (null when not a member).</summary>
    public CommunityRole? MyRoleIn(Guid communityId) =>
        Communities.FirstOrDefault(c => c.Community.Id == communityId) is { } tree
            ? tree.Community.OwnerId == Me?.Id ? CommunityRole.Owner : tree.Members.FirstOrDefault(m => m.UserId == Me?.Id)?.Role ?? tree.Community.MyRole
            : null;

    /// <summary>Moderators and up: kick, ban, delete others' messages, read the audit log.</summary>
    public bool CanModerate(Guid communityId) => MyRoleIn(communityId) >= CommunityRole.Moderator;

    /// <summary>Admins and the owner handle a community's reports.</summary>
    public bool CanHandleReports(Guid communityId) => MyRoleIn(communityId) >= CommunityRole.Admin;

    /// <summary>The instance owner handles reports of direct messages.</summary>
    public bool CanHandleDirectReports => Me?.Role == InstanceRole.Owner;

    /// <summary>Whether the caller may act on <paramref name="userId"/> in the community: a moderator who outranks them.</summary>
    public bool CanActOn(Guid communityId, Guid userId)
    {
        if (userId == Me?.Id || MyRoleIn(communityId) is not { } mine || mine < CommunityRole.Moderator)
        {
            return false;
        }

        var tree = Communities.FirstOrDefault(c => c.Community.Id == communityId);
        var theirs = tree?.Community.OwnerId == userId ? CommunityRole.Owner : tree?.Members.FirstOrDefault(m => m.UserId == userId)?.Role ?? CommunityRole.Member;
        return theirs < mine;
    }

    /// <summary>Reports a message by the opening kept with it (works after a reload too).</summary>
    public Task<Report> ReportAsync(ChatMessage message, string reason, string? note)
    {
        if (message.Opening is not { } kept)
        {
            throw new ChatalotClientException(Protocol.Errors.ErrorCodes.ValidationFailed, "This message cannot be reported.");
        }

        return RequireClient().Reports.ReportAsync(new MessageId(message.Id), FrankingOpening.FromBase64(kept), reason, string.IsNullOrWhiteSpace(note) ? null : note.Trim());
    }

    /// <summary>A community's reports, or the instance's DM reports when <paramref name="communityId"/> is null.</summary>
    public Task<IReadOnlyList<Report>> ListReportsAsync(Guid? communityId, string status) => communityId is { } id
        ? RequireClient().Reports.ListAsync(new CommunityId(id), status)
        : RequireClient().Reports.ListDirectAsync(status);

    public Task<Report> ResolveReportAsync(Guid reportId) => RequireClient().Reports.ResolveAsync(reportId);

    public Task<Report> DismissReportAsync(Guid reportId) => RequireClient().Reports.DismissAsync(reportId);

    /// <summary>Deletes a message by id (a moderator's delete of someone else's message).</summary>
    public Task DeleteMessageAsModeratorAsync(Guid channelId, Guid messageId) =>
        RequireClient().Rest.DeleteMessageAsync(new ChannelId(channelId), new MessageId(messageId));

    public async Task KickAsync(Guid communityId, Guid userId)
    {
        await RequireClient().Rest.KickCommunityMemberAsync(new CommunityId(communityId), new UserId(userId));
        await RefreshDirectoryAsync();
    }

    public Task UnbanAsync(Guid communityId, Guid userId) => RequireClient().Rest.UnbanAsync(new CommunityId(communityId), new UserId(userId));

    public Task<IReadOnlyList<CommunityBan>> BansOfAsync(Guid communityId) => RequireClient().Rest.GetBansAsync(new CommunityId(communityId));

    /// <summary>One page of a community's audit log (the instance's when <paramref name="communityId"/> is null), newest first.</summary>
    public Task<IReadOnlyList<AuditLogEntry>> AuditLogAsync(Guid? communityId, AuditAction? action, long? before, int limit = 50) => communityId is { } id
        ? RequireClient().Rest.GetCommunityAuditLogAsync(new CommunityId(id), action, before: before, limit: limit)
        : RequireClient().Rest.AdminGetAuditLogAsync(action, before: before, limit: limit);

    /// <summary>A user's name for the moderation views (fetched once when not in any loaded community).</summary>
    public async Task<string> NameForModerationAsync(Guid userId)
    {
        if (DisplayNameOf(userId) is { } known)
        {
            return known;
        }

        try
        {
            var user = await RequireClient().Rest.GetUserAsync(new UserId(userId));
            _names[userId] = user.DisplayName;
            return user.DisplayName;
        }
        catch (ChatalotClientException)
        {
            return "unknown user";
        }
    }

    private static string? OpeningOf(MessageEdited edited) => edited.Opening?.ToBase64();

    // Called before the directory refresh of a member_removed: the user's own removal says why the community is gone.
    private void NoteRemoval(MemberRemoved removed)
    {
        if (removed.UserId.Value != Me?.Id || removed.GroupId is not null)
        {
            return;
        }

        var name = Communities.FirstOrDefault(c => c.Community.Id == removed.CommunityId.Value)?.Community.Name ?? "a community";
        ModerationNotice = removed.Reason switch
        {
            "kicked" => $"You were removed from {name} by a moderator.",
            "banned" => $"You were banned from {name}.",
            _ => null,
        };
    }
}
