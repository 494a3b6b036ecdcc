using Chatalot.Client.Events.Internal;
using Chatalot.Protocol.Channels;
using Chatalot.Protocol.Gateway;
using Microsoft.Extensions.Time.Testing;

namespace Chatalot.Client.Tests.Events;

/// <summary>The gateway's directory events become typed public events, stamped with the client's clock and ordered together.</summary>
public class DirectoryEventMappingTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    private static ChatalotEvent Map(ServerEvent serverEvent) =>
        Assert.Single(new EventMapper(new FakeTimeProvider(Now)).Map(serverEvent) ?? []);

    [Fact]
    public void ChannelEvents_MapToTypedEvents_WithTheChannelAsSent()
    {
        var channel = new Channel(Guid.NewGuid(), ChannelType.Voice, Guid.NewGuid(), Guid.NewGuid(), "lounge", "talk", false, 30, false, Now, Position: 3);

        var created = Assert.IsType<ChannelCreated>(Map(new ChannelCreatedEvent(channel)));
        var updated = Assert.IsType<ChannelUpdated>(Map(new ChannelUpdatedEvent(channel with { Name = "hall" })));
        var deleted = Assert.IsType<ChannelDeleted>(Map(new ChannelDeletedEvent(channel.Id, channel.GroupId)));

        Assert.Same(channel, created.Channel);
        Assert.Equal("hall", updated.Channel.Name);
        Assert.Equal(new ChannelId(channel.Id), deleted.ChannelId);
        Assert.Equal(new GroupId(channel.GroupId!.Value), deleted.GroupId);
        Assert.All(new ChatalotEvent[] { created, updated, deleted }, e => Assert.Equal(Now, e.ReceivedAt));
    }

    [Fact]
    public void ChannelDeleted_OfADirectChannel_HasNoGroup()
    {
        var deleted = Assert.IsType<ChannelDeleted>(Map(new ChannelDeletedEvent(Guid.NewGuid(), null)));

        Assert.Null(deleted.GroupId);
    }

    [Fact]
    public void GroupAndCommunityEvents_MapToTypedEvents_ThatShareOneOrderingKey()
    {
        var communityId = Guid.NewGuid();
        var group = new Protocol.Groups.Group(Guid.NewGuid(), communityId, "Projects", null, Protocol.Groups.GroupVisibility.Public, false, Guid.NewGuid(), Now);
        var community = new Protocol.Communities.Community(communityId, "Renamed", null, Guid.NewGuid(), false, 2, Now);

        var events = new[]
        {
            Map(new GroupUpdatedEvent(group)),
            Map(new GroupDeletedEvent(communityId, group.Id)),
            Map(new CommunityUpdatedEvent(community)),
            Map(new CommunityDeletedEvent(communityId)),
        };

        Assert.Same(group, Assert.IsType<GroupUpdated>(events[0]).Group);
        var groupDeleted = Assert.IsType<GroupDeleted>(events[1]);
        Assert.Equal(new CommunityId(communityId), groupDeleted.CommunityId);
        Assert.Equal(new GroupId(group.Id), groupDeleted.GroupId);
        Assert.Equal("Renamed", Assert.IsType<CommunityUpdated>(events[2]).Community.Name);
        Assert.Equal(new CommunityId(communityId), Assert.IsType<CommunityDeleted>(events[3]).CommunityId);
        // One key for the whole directory: a group's deletion never overtakes its creation, nor a channel's.
        Assert.All(events, e => Assert.Equal("directory", e.OrderingKey));
    }
}
