using Chatalot.Client.Voice.Internal;
using Chatalot.Protocol.Voice;

namespace Chatalot.Client.Tests.Voice;

public sealed class VoiceRosterTests
{
    private static readonly Guid Channel = Guid.NewGuid();

    private static VoiceParticipant Participant(Guid user, int device = 1, Guid? join = null, bool muted = false) =>
        new(user, device, join ?? Guid.NewGuid(), DateTimeOffset.UnixEpoch, new VoiceSelfState(SelfMuted: muted), ServerMuted: false);

    [Fact]
    public void Upsert_ReplacesTheUsersEntry_AndReportsAnEndedJoin()
    {
        var roster = new VoiceRoster();
        var user = Guid.NewGuid();
        var first = Participant(user);
        Assert.Null(roster.Upsert(Channel, first));

        // A flag change keeps the join: nothing ended.
        Assert.Null(roster.Upsert(Channel, first with { State = new VoiceSelfState(SelfMuted: true) }));
        Assert.True(Assert.Single(roster.Of(Channel)).State.SelfMuted);

        // The same user from another device (or a rejoin) is a new join: the old one ended.
        var second = Participant(user, device: 2);
        Assert.Equal(first.JoinId, roster.Upsert(Channel, second)!.JoinId);
        Assert.Equal(second, Assert.Single(roster.Of(Channel)));
    }

    [Fact]
    public void Replace_ReportsWhoChanged_AndWhoIsGone()
    {
        var roster = new VoiceRoster();
        var stays = Participant(Guid.NewGuid());
        var mutes = Participant(Guid.NewGuid());
        var leaves = Participant(Guid.NewGuid());
        roster.Replace(new VoiceChannelState(Channel, [stays, mutes, leaves]));

        var arrives = Participant(Guid.NewGuid());
        var muted = mutes with { State = new VoiceSelfState(SelfMuted: true) };
        var (changed, gone) = roster.Replace(new VoiceChannelState(Channel, [stays, muted, arrives]));

        Assert.Equal([muted, arrives], changed);
        Assert.Equal([leaves], gone);
        Assert.Equal([stays, muted, arrives], roster.Of(Channel));
        Assert.Equal([Channel], roster.KnownChannels);
    }

    [Fact]
    public void Remove_And_Find_GoByJoin()
    {
        var roster = new VoiceRoster();
        var participant = Participant(Guid.NewGuid());
        roster.Upsert(Channel, participant);
        Assert.Equal(participant, roster.Find(Channel, participant.JoinId));
        Assert.False(roster.Remove(Channel, Guid.NewGuid()));
        Assert.True(roster.Remove(Channel, participant.JoinId));
        Assert.Null(roster.Find(Channel, participant.JoinId));
        Assert.Empty(roster.Of(Guid.NewGuid()));
    }
}
