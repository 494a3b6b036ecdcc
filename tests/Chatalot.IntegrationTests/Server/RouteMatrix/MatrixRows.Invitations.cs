using Chatalot.Protocol.Communities;
using static Chatalot.IntegrationTests.Server.RouteMatrix.MatrixRules;
using A = Chatalot.IntegrationTests.Server.RouteMatrix.MatrixActor;
using P = Chatalot.Protocol.Roles.CommunityPermissions;

namespace Chatalot.IntegrationTests.Server.RouteMatrix;

public static partial class MatrixRows
{
    /// <summary>Invites by user name and the user directory (rest.md §Direct invites), in the Communities table.</summary>
    private static IEnumerable<MatrixRow> DirectInvites() =>
    [
        F("GET", "/communities/{id}/direct-invites", P.CreateInvites, false, Read(w => $"/communities/{w.C}/direct-invites")),
        // The outsider is never a member: the first call invites them (201), later ones return that invite (200).
        F("POST", "/communities/{id}/direct-invites", P.CreateInvites, false,
            (w, c) => w.Send(Post, $"/communities/{w.C}/direct-invites", new CreateDirectInviteRequest(w.Outsider.User.Username), c.Token)),
        F("DELETE", "/communities/{id}/direct-invites/{invite_id}", P.ManageInvites, false, async (w, c) =>
        {
            var invite = await InviteAsync(w, w.C, w.Outsider.User.Username, w.Owner.AccessToken);
            return await w.Send(Delete, $"/communities/{w.C}/direct-invites/{invite.Id}", c.Token);
        }, x => x.With(A.Everyone, "404").With(A.TimedOut, "404"), "its inviter, `manage_invites`"),
        R("GET", "/users/me/invites", "signed in", SignedIn(), Read(_ => "/users/me/invites")),
        R("POST", "/users/me/invites/{invite_id}/accept", "the invitee", SignedIn(), (w, c) => AnswerInviteAsync(w, c, "accept")),
        R("POST", "/users/me/invites/{invite_id}/decline", "the invitee", SignedIn(), (w, c) => AnswerInviteAsync(w, c, "decline")),
        R("GET", "/users/lookup", "signed in", SignedIn(), Read(w => $"/users/lookup?name={w.Outsider.User.Username}&limit=5")),
    ];

    /// <summary>Invites a user by name, whether or not an invite of them is pending already (201 or 200).</summary>
    private static async Task<DirectInvite> InviteAsync(MatrixWorld w, Guid community, string username, string inviterToken)
    {
        using var response = await w.Api.SendAsync(Post, $"/communities/{community}/direct-invites", new CreateDirectInviteRequest(username), inviterToken);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Xunit.Assert.True(response.IsSuccessStatusCode, System.Text.Encoding.UTF8.GetString(bytes));
        return Chatalot.Protocol.Serialization.ChatalotJson.Deserialize<DirectInvite>(bytes);
    }

    /// <summary>The caller answers an invite to a community of the peer's made for the call (so members and non-members alike are invitees), then it goes.</summary>
    private static async Task<MatrixAnswer> AnswerInviteAsync(MatrixWorld w, MatrixCaller c, string verb)
    {
        if (!c.Allowed)
        {
            return await w.Send(Post, $"/users/me/invites/{Guid.NewGuid()}/{verb}", c.Token);
        }

        var community = await w.Api.PostAsync<CreateCommunityRequest, Community>("/communities", new CreateCommunityRequest(w.Next("invited")), w.Peer.AccessToken, System.Net.HttpStatusCode.Created);
        var invite = await InviteAsync(w, community.Id, c.Auth!.User.Username, w.Peer.AccessToken);
        return await Then(await w.Send(Post, $"/users/me/invites/{invite.Id}/{verb}", c.Token), () => Ok(w, Delete, $"/communities/{community.Id}", w.Peer.AccessToken));
    }
}
