using Chatalot.Protocol.Gateway;
using Chatalot.Protocol.Serialization;

namespace Chatalot.Server.Hosting.Gateway.Internal;

/// <summary>Serialises each event once and hands it to the backplane.</summary>
internal sealed class GatewayPublisher(IChatalotBackplane backplane, TimeProvider timeProvider) : IGatewayPublisher
{
    public static ReadOnlyMemory<byte> Serialize(ServerFrame frame) => ChatalotJson.SerializeToUtf8Bytes(frame);

    public ValueTask PublishToChannelAsync(Guid channelId, ServerEvent evt, IReadOnlyCollection<Guid>? directUsers, CancellationToken cancellationToken) =>
        backplane.PublishAsync(new ChatalotBackplaneMessage
        {
            Kind = ChatalotBackplaneMessageKind.ChannelEvent,
            ChannelId = channelId,
            UserIds = directUsers is null ? [] : [.. directUsers],
            Frames = [Serialize(evt)],
            PublishedAt = timeProvider.GetUtcNow(),
        }, cancellationToken);

    public ValueTask PublishToUsersAsync(IReadOnlyCollection<Guid> userIds, ServerEvent evt, CancellationToken cancellationToken) =>
        backplane.PublishAsync(new ChatalotBackplaneMessage
        {
            Kind = ChatalotBackplaneMessageKind.UserEvent,
            UserIds = [.. userIds],
            Frames = [Serialize(evt)],
            PublishedAt = timeProvider.GetUtcNow(),
        }, cancellationToken);

    public ValueTask PublishToDeviceAsync(Guid userId, int deviceId, ServerEvent evt, CancellationToken cancellationToken) =>
        backplane.PublishAsync(new ChatalotBackplaneMessage
        {
            Kind = ChatalotBackplaneMessageKind.DeviceEvent,
            UserIds = [userId],
            DeviceId = deviceId,
            Frames = [Serialize(evt)],
            PublishedAt = timeProvider.GetUtcNow(),
        }, cancellationToken);

    public ValueTask RevokeChannelAccessAsync(Guid userId, IReadOnlyCollection<Guid> channelIds, string reason, CancellationToken cancellationToken) =>
        backplane.PublishAsync(new ChatalotBackplaneMessage
        {
            Kind = ChatalotBackplaneMessageKind.RevokeChannels,
            UserIds = [userId],
            ChannelIds = [.. channelIds],
            Frames = [.. channelIds.Select(id => Serialize(new SubscriptionRevokedEvent(id, reason)))],
            PublishedAt = timeProvider.GetUtcNow(),
        }, cancellationToken);

    public ValueTask DisconnectAsync(Guid userId, Guid? sessionId, string code, CancellationToken cancellationToken) =>
        backplane.PublishAsync(new ChatalotBackplaneMessage
        {
            Kind = ChatalotBackplaneMessageKind.Disconnect,
            UserIds = [userId],
            SessionId = sessionId,
            Code = code,
            PublishedAt = timeProvider.GetUtcNow(),
        }, cancellationToken);
}
