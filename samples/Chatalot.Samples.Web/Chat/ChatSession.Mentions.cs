using Chatalot.Client;
using Chatalot.Samples.Web.Markdown;

namespace Chatalot.Samples.Web.Chat;

/// <summary>Who can be mentioned where: the composer's autocomplete, the SDK composer's members, the renderer's pills.</summary>
public sealed partial class ChatSession
{
    private IReadOnlyList<CommunityTree>? _mentionNamesFor;
    private MentionNames _mentionNames = MentionNames.None;

    /// <summary>The people of a conversation: the community's members, or the two people of a DM.</summary>
    public IReadOnlyList<MentionCandidate> MentionablePeople(Guid channelId)
    {
        if (CommunityOf(channelId) is { } community)
        {
            return [.. community.Members.Select(m => new MentionCandidate(m.UserId, m.Username, m.DisplayName))];
        }

        if (FindChannel(channelId)?.DmPartner is { } partner
            && Communities.SelectMany(c => c.Members).FirstOrDefault(m => m.UserId == partner) is { } known)
        {
            return [new MentionCandidate(known.UserId, known.Username, known.DisplayName)];
        }

        return [];
    }

    /// <summary>
    /// Whether this user may use <c>@everyone</c> / <c>@here</c> in a channel: the community says so for its moderators
    /// and up (<c>Community.can_mention_everyone</c>, advisory since mentions are encrypted); never in a DM.
    /// </summary>
    public bool CanMentionEveryone(Guid channelId) => CommunityOf(channelId)?.Community.CanMentionEveryone == true;

    /// <summary>The members passed to the SDK's <c>Composer</c> so that <c>@name</c> becomes a mention in the content.</summary>
    public IReadOnlyList<ConversationMember> MentionCandidates(Guid channelId) =>
        [.. MentionablePeople(channelId).Select(p => new ConversationMember(new UserId(p.UserId), p.Username))];

    /// <summary>Every username this browser knows, for rendering mention pills (rebuilt when the directory changes).</summary>
    public MentionNames MentionNames
    {
        get
        {
            if (!ReferenceEquals(_mentionNamesFor, Communities))
            {
                _mentionNamesFor = Communities;
                _mentionNames = new MentionNames(Communities.SelectMany(c => c.Members).Select(m => m.Username), Me?.Username);
            }

            return _mentionNames;
        }
    }
}
