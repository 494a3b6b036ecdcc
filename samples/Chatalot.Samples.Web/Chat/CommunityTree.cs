using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Groups;

namespace Chatalot.Samples.Web.Chat;

/// <summary>A community with its groups and their channels, as the sidebar shows them.</summary>
public sealed record CommunityTree(Community Community, IReadOnlyList<GroupTree> Groups, IReadOnlyList<CommunityMember> Members);

/// <summary>A group with its channels.</summary>
public sealed record GroupTree(Group Group, IReadOnlyList<ChannelEntry> Channels);
