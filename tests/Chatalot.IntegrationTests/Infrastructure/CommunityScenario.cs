using System.Net;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Channels;
using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Groups;

namespace Chatalot.IntegrationTests.Infrastructure;

/// <summary>A community with one user per role, a public group with its general channel, and an outsider.</summary>
public sealed class CommunityScenario
{
    public required ChatalotApi Api { get; init; }
    public required Community Community { get; init; }
    public required AuthResponse Owner { get; init; }
    public required AuthResponse Admin { get; init; }
    public required AuthResponse Moderator { get; init; }
    public required AuthResponse Member { get; init; }
    public required AuthResponse Outsider { get; init; }
    public required Group PublicGroup { get; init; }
    public required Channel General { get; init; }

    public static async Task<CommunityScenario> CreateAsync(ChatalotApi api, bool discoverable = false)
    {
        var owner = await api.RegisterAsync();
        var community = await api.PostAsync<CreateCommunityRequest, Community>("/communities", new CreateCommunityRequest("Test " + Guid.NewGuid().ToString("N")[..6], "about", discoverable), owner.AccessToken, HttpStatusCode.Created);
        var group = await api.PostAsync<CreateGroupRequest, Group>($"/communities/{community.Id}/groups", new CreateGroupRequest("Lobby"), owner.AccessToken, HttpStatusCode.Created);
        var invite = await api.PostAsync<CreateInviteRequest, Invite>($"/communities/{community.Id}/invites", new CreateInviteRequest(), owner.AccessToken, HttpStatusCode.Created);
        var admin = await JoinAsync(api, invite.Code);
        var moderator = await JoinAsync(api, invite.Code);
        var member = await JoinAsync(api, invite.Code);
        await SetRoleAsync(api, community.Id, admin.User.Id, CommunityRole.Admin, owner.AccessToken);
        await SetRoleAsync(api, community.Id, moderator.User.Id, CommunityRole.Moderator, owner.AccessToken);
        var channels = await api.GetAsync<IReadOnlyList<Channel>>($"/groups/{group.Id}/channels", owner.AccessToken);
        return new CommunityScenario
        {
            Api = api,
            Community = community,
            Owner = owner,
            Admin = admin,
            Moderator = moderator,
            Member = member,
            Outsider = await api.RegisterAsync(),
            PublicGroup = group,
            General = Assert.Single(channels),
        };
    }

    public static async Task<AuthResponse> JoinAsync(ChatalotApi api, string code)
    {
        var user = await api.RegisterAsync();
        (await api.SendAsync(HttpMethod.Post, $"/invites/{code}/accept", user.AccessToken)).EnsureSuccessStatusCode();
        return user;
    }

    public static async Task SetRoleAsync(ChatalotApi api, Guid communityId, Guid userId, CommunityRole role, string token)
    {
        var response = await api.SendAsync(HttpMethod.Put, $"/communities/{communityId}/members/{userId}/role", new UpdateMemberRoleRequest(role), token);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }
}
