using Chatalot.Protocol.Communities;
using Microsoft.Extensions.Logging;

namespace Chatalot.Client.Bots.Internal;

/// <summary>
/// Accepts the invites <see cref="ChatalotBotOptions.AutoAcceptInvites"/> allows: each one as it arrives, and after
/// every connect those still pending (sent while the bot was offline). Trust rests on the server's
/// <see cref="DirectInvite.InviterIsAdmin"/>, not on anything the inviter wrote.
/// </summary>
internal sealed partial class InviteAutoAccepter(IChatalotClient client, InviteAcceptPolicy policy, ILogger logger)
{
    public IDisposable Subscribe(EventHub events, CancellationToken stoppingToken)
    {
        if (policy == InviteAcceptPolicy.Never)
        {
            return new Nothing();
        }

        var invited = events.On<InvitedToCommunity>((e, ct) => AcceptAsync(e.Invite, ct, stoppingToken));
        var connected = events.On<ConnectionStateChanged>((e, ct) => e.Current == ConnectionState.Connected ? SweepAsync(ct, stoppingToken) : ValueTask.CompletedTask);
        return new Both(invited, connected);
    }

    private async ValueTask SweepAsync(CancellationToken eventToken, CancellationToken stoppingToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(eventToken, stoppingToken);
        IReadOnlyList<DirectInvite> pending;
        try
        {
            pending = await client.Rest.GetMyInvitesAsync(linked.Token).ConfigureAwait(false);
        }
        catch (ChatalotClientException ex)
        {
            ListFailed(logger, ex);
            return;
        }

        foreach (var invite in pending)
        {
            await AcceptAsync(invite, linked.Token, stoppingToken).ConfigureAwait(false);
        }
    }

    private async ValueTask AcceptAsync(DirectInvite invite, CancellationToken eventToken, CancellationToken stoppingToken)
    {
        if (!invite.InviterIsAdmin)
        {
            Ignored(logger, invite.CommunityName, invite.CommunityId, invite.InviterUsername);
            return;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(eventToken, stoppingToken);
        try
        {
            var community = await client.Rest.AcceptDirectInviteAsync(invite.Id, linked.Token).ConfigureAwait(false);
            Joined(logger, community.Name, community.Id, invite.InviterUsername);
        }
        catch (ChatalotApiException ex) when (ex.Code == Protocol.Errors.ErrorCodes.InviteInvalid)
        {
            // Answered already (the event and the sweep after a reconnect can both see one invite), cancelled or lapsed.
        }
        catch (ChatalotClientException ex)
        {
            AcceptFailed(logger, invite.CommunityName, invite.CommunityId, ex);
        }
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Accepted the invite of {Inviter} and joined community {Community} ({CommunityId})")]
    private static partial void Joined(ILogger logger, string community, Guid communityId, string inviter);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "Left the invite of {Inviter} to community {Community} ({CommunityId}) pending: the inviter is not a community admin")]
    private static partial void Ignored(ILogger logger, string community, Guid communityId, string inviter);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Warning, Message = "Could not accept the invite to community {Community} ({CommunityId})")]
    private static partial void AcceptFailed(ILogger logger, string community, Guid communityId, Exception exception);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Warning, Message = "Could not list pending invites")]
    private static partial void ListFailed(ILogger logger, Exception exception);

    private sealed class Nothing : IDisposable
    {
        public void Dispose()
        {
        }
    }

    private sealed class Both(IDisposable first, IDisposable second) : IDisposable
    {
        public void Dispose()
        {
            first.Dispose();
            second.Dispose();
        }
    }
}
