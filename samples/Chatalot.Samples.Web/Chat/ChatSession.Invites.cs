using Chatalot.Client;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Communities;

namespace Chatalot.Samples.Web.Chat;

/// <summary>
/// Invites by user name (rest.md §Direct invites): the signed-in user's pending invites, kept live by
/// <see cref="InvitedToCommunity"/> and <see cref="InviteWithdrawn"/> and re-read after every connect; accepting joins
/// the community and refreshes the sidebar. Inviting and the directory autocomplete serve the community settings.
/// </summary>
public sealed partial class ChatSession
{
    /// <summary>Invites waiting for the user's answer, oldest first.</summary>
    public IReadOnlyList<DirectInvite> PendingInvites { get; private set; } = [];

    private void SubscribeInviteEvents(ChatalotClient client)
    {
        _subscriptions.Add(client.Events.On<InvitedToCommunity>((e, _) => Apply(() =>
        {
            PendingInvites = [.. PendingInvites.Where(i => i.Id != e.InviteId), e.Invite];
            Notify();
        })));
        _subscriptions.Add(client.Events.On<InviteWithdrawn>((e, _) => Apply(() => DropInvite(e.InviteId))));
        _subscriptions.Add(client.Events.On<ConnectionStateChanged>(async (e, ct) =>
        {
            if (e.Current == ConnectionState.Connected)
            {
                try
                {
                    PendingInvites = await client.Rest.GetMyInvitesAsync(ct);
                    Notify();
                }
                catch (ChatalotClientException)
                {
                    // The list is read again at the next connect; live invites still arrive as events.
                }
            }
        }));
    }

    /// <summary>Accepts an invite: joins the community (as an invite code does) and shows it in the sidebar.</summary>
    public async Task<Guid> AcceptDirectInviteAsync(Guid inviteId)
    {
        try
        {
            var community = await RequireClient().Rest.AcceptDirectInviteAsync(inviteId);
            await RefreshDirectoryAsync();
            return community.Id;
        }
        finally
        {
            DropInvite(inviteId);
        }
    }

    public async Task DeclineDirectInviteAsync(Guid inviteId)
    {
        try
        {
            await RequireClient().Rest.DeclineDirectInviteAsync(inviteId);
        }
        finally
        {
            DropInvite(inviteId);
        }
    }

    /// <summary>Invites a user by exact user name (needs <c>create_invites</c>).</summary>
    public Task<DirectInvite> InviteByNameAsync(Guid communityId, string username) =>
        RequireClient().Rest.InviteByNameAsync(new CommunityId(communityId), username.Trim());

    public Task<IReadOnlyList<DirectInvite>> CommunityDirectInvitesAsync(Guid communityId) =>
        RequireClient().Rest.GetCommunityDirectInvitesAsync(new CommunityId(communityId));

    public Task CancelDirectInviteAsync(Guid communityId, Guid inviteId) =>
        RequireClient().Rest.CancelDirectInviteAsync(new CommunityId(communityId), inviteId);

    /// <summary>The invite picker's suggestions: community mates by prefix, anyone by exact user name.</summary>
    public Task<IReadOnlyList<User>> LookupUsersAsync(string text) => RequireClient().Rest.LookupUsersAsync(text, 8);

    private void DropInvite(Guid inviteId)
    {
        PendingInvites = [.. PendingInvites.Where(i => i.Id != inviteId)];
        Notify();
    }
}
