using Chatalot.Protocol.Gateway;

namespace Chatalot.Server.Hosting.Gateway.Internal;

internal sealed class NoopGatewayPublisher : IGatewayPublisher
{
    public ValueTask PublishToChannelAsync(Guid channelId, ServerEvent evt, IReadOnlyCollection<Guid>? directUsers, CancellationToken cancellationToken) => default;

    public ValueTask PublishToUsersAsync(IReadOnlyCollection<Guid> userIds, ServerEvent evt, CancellationToken cancellationToken) => default;

    public ValueTask PublishToDeviceAsync(Guid userId, int deviceId, ServerEvent evt, CancellationToken cancellationToken) => default;

    public ValueTask RevokeChannelAccessAsync(Guid userId, IReadOnlyCollection<Guid> channelIds, string reason, CancellationToken cancellationToken) => default;

    public ValueTask DisconnectAsync(Guid userId, Guid? sessionId, string code, CancellationToken cancellationToken) => default;
}
