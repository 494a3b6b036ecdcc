using System.Text.Json.Serialization;
using Chatalot.Protocol.Voice;
using Chatalot.Server.Hosting.Voice.Internal;

namespace Chatalot.Server.Hosting.ScaleOut.Internal;

/// <summary>A <see cref="VoiceSeat"/> as <see cref="RedisVoiceState"/> stores it: every field, as JSON.</summary>
internal sealed record StoredVoiceSeat(
    Guid ChannelId,
    Guid? CommunityId,
    Guid[]? DmMembers,
    Guid UserId,
    int DeviceId,
    Guid JoinId,
    DateTimeOffset JoinedAt,
    VoiceSelfState State,
    bool ServerMuted,
    Guid SessionId,
    Guid NodeId,
    Guid? GraceId)
{
    public static StoredVoiceSeat From(VoiceSeat seat) => new(
        seat.ChannelId, seat.Target.CommunityId, seat.Target.DmMembers?.ToArray(), seat.UserId, seat.DeviceId, seat.JoinId, seat.JoinedAt,
        seat.State, seat.ServerMuted, seat.SessionId, seat.NodeId, seat.GraceId);

    public VoiceSeat ToSeat() => new(new VoiceTarget(ChannelId, CommunityId, DmMembers), UserId, DeviceId, JoinId, JoinedAt)
    {
        State = State,
        ServerMuted = ServerMuted,
        SessionId = SessionId,
        NodeId = NodeId,
        GraceId = GraceId,
    };
}

[JsonSerializable(typeof(StoredVoiceSeat))]
internal sealed partial class StoredVoiceSeatJson : JsonSerializerContext;
