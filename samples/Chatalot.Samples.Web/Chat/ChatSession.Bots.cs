using Chatalot.Client;
using Chatalot.Protocol.Bots;
using Chatalot.Protocol.Communities;

namespace Chatalot.Samples.Web.Chat;

/// <summary>
/// Bot accounts: which users are bots (for the "BOT" badge next to their names) and, for community admins and
/// instance administrators, the bots of a community: create one (its token is shown once), rotate its token, delete it.
/// </summary>
public sealed partial class ChatSession
{
    private readonly HashSet<Guid> _bots = [];

    /// <summary>Whether the user is a bot account, as the member lists, profiles and users fetched so far said.</summary>
    public bool IsBot(Guid userId) => _bots.Contains(userId);

    /// <summary>Records what a member list, profile or user answer said about a user.</summary>
    private void NoteBot(Guid userId, bool isBot)
    {
        if (isBot)
        {
            _bots.Add(userId);
        }
        else
        {
            _bots.Remove(userId);
        }
    }

    /// <summary>Community admins and owners manage the community's bots; instance administrators manage every bot.</summary>
    public bool CanManageBots(Guid communityId) => IsInstanceAdmin || MyRoleIn(communityId) >= CommunityRole.Admin;

    public Task<IReadOnlyList<Bot>> BotsOfAsync(Guid communityId) => RequireClient().Rest.GetBotsAsync(new CommunityId(communityId));

    /// <summary>Creates a bot in the community (it joins as a member); the answer holds the token, to show once.</summary>
    public async Task<BotCredentials> CreateBotAsync(Guid communityId, string username, string? displayName)
    {
        var created = await RequireClient().Rest.CreateBotAsync(new CreateBotRequest(username.Trim(), string.IsNullOrWhiteSpace(displayName) ? null : displayName.Trim(), communityId));
        _names[created.Bot.Id] = created.Bot.DisplayName;
        _bots.Add(created.Bot.Id);
        await RefreshDirectoryAsync();
        Notify();
        return created;
    }

    /// <summary>Sets a bot's avatar (as one of its managers) from an image the user picked.</summary>
    public async Task SetBotAvatarAsync(Guid botId, Stream image, string mediaType)
    {
        using var buffer = new MemoryStream();
        await image.CopyToAsync(buffer);
        await RequireClient().Rest.SetBotAvatarAsync(new UserId(botId), buffer.ToArray(), mediaType);
        await RefreshDirectoryAsync();
        Notify();
    }

    public Task<BotCredentials> RotateBotTokenAsync(Guid botId) => RequireClient().Rest.RotateBotTokenAsync(new UserId(botId));

    public async Task DeleteBotAsync(Guid botId)
    {
        await RequireClient().Rest.DeleteBotAsync(new UserId(botId));
        await RefreshDirectoryAsync();
        Notify();
    }
}
