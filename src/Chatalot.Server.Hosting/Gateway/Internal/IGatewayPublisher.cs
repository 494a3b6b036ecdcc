using Chatalot.Protocol.Gateway;

namespace Chatalot.Server.Hosting.Gateway.Internal;

/// <summary>
/// What the REST side tells the gateway. Implementations serialise each event once and fan it out through the
/// backplane, so the same calls work on one node or many.
/// </summary>
internal interface IGatewayPublisher
{
    /// <summary>Sends an event to every connection subscribed to a channel, plus every connection of <paramref name="directUsers"/>.</summary>
    ValueTask PublishToChannelAsync(Guid channelId, ServerEvent evt, IReadOnlyCollection<Guid>? directUsers, CancellationToken cancellationToken);

    /// <summary>Sends an event to every connection of the given users.</summary>
    ValueTask PublishToUsersAsync(IReadOnlyCollection<Guid> userIds, ServerEvent evt, CancellationToken cancellationToken);

    /// <summary>Sends an event to the connections authenticated as one device.</summary>
    ValueTask PublishToDeviceAsync(Guid userId, int deviceId, ServerEvent evt, CancellationToken cancellationToken);

    /// <summary>Ends a user's subscriptions to channels at once and tells their connections why.</summary>
    ValueTask RevokeChannelAccessAsync(Guid userId, IReadOnlyCollection<Guid> channelIds, string reason, CancellationToken cancellationToken);

    /// <summary>Closes a session's connections (or all of a user's when <paramref name="sessionId"/> is null).</summary>
    ValueTask DisconnectAsync(Guid userId, Guid? sessionId, string code, CancellationToken cancellationToken);
}
