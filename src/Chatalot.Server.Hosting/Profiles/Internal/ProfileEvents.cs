using Chatalot.Protocol.Gateway;
using Chatalot.Server.Hosting.Gateway.Internal;
using Chatalot.Server.Hosting.Storage.Internal;

namespace Chatalot.Server.Hosting.Profiles.Internal;

/// <summary>Tells everyone who may see a user's profile (and the user's own connections) that it changed: <c>user_updated</c>.</summary>
internal sealed class ProfileEvents(ProfileAccess access, PresenceTracker presence, IGatewayPublisher gateway)
{
    public async Task PublishAsync(UserRow user, CancellationToken cancellationToken)
    {
        var audience = await access.AudienceAsync(user.Id, cancellationToken).ConfigureAwait(false);
        var profile = ProfileMapper.ToProfile(user, await presence.PresenceAsync(user.Id).ConfigureAwait(false));
        await gateway.PublishToUsersAsync(audience, new UserUpdatedEvent(profile), cancellationToken).ConfigureAwait(false);
    }
}
