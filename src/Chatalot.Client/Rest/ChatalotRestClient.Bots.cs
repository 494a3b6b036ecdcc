using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Bots;

namespace Chatalot.Client.Rest;

public sealed partial class ChatalotRestClient
{
    /// <summary><c>POST /auth/bot</c>: signs this client in as a bot with its bot token (no password, no two-factor).</summary>
    /// <param name="request">The token and a device name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new session.</returns>
    /// <exception cref="ChatalotApiException"><c>bot_token_invalid</c> (wrong, rotated or revoked token, or a deleted bot), <c>account_suspended</c>.</exception>
    public async Task<AuthResponse> LoginBotAsync(BotLoginRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var session = await SendAsync(HttpMethod.Post, "auth/bot", request, Info<BotLoginRequest>(), Info<AuthResponse>(), authenticate: false, cancellationToken).ConfigureAwait(false);
        await AdoptAsync(session, cancellationToken).ConfigureAwait(false);
        return session;
    }

    /// <summary>
    /// <c>POST /bots</c>: creates a bot account. A community admin creates it in their community (the bot joins it as a
    /// member); an instance administrator may also create one outside any community.
    /// </summary>
    /// <param name="request">The bot's user name, display name and community.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The bot and its token. The token is shown this once (the server keeps only a hash): hand it to the bot and do not log it.</returns>
    /// <exception cref="ChatalotApiException"><c>username_taken</c>, <c>forbidden</c>, <c>not_found</c>, <c>validation_failed</c>.</exception>
    public Task<BotCredentials> CreateBotAsync(CreateBotRequest request, CancellationToken cancellationToken = default) =>
        PostAsync<CreateBotRequest, BotCredentials>("bots", request, cancellationToken);

    /// <summary><c>GET /bots</c>: the bots this user manages (created, or of a community they administer; every bot for instance administrators).</summary>
    /// <param name="community">Only the bots created in this community; all when null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The bots.</returns>
    /// <exception cref="ChatalotApiException">The server refused the call.</exception>
    public Task<IReadOnlyList<Bot>> GetBotsAsync(CommunityId? community = null, CancellationToken cancellationToken = default) =>
        GetAsync(community is { } c ? $"bots?community_id={c}" : "bots", Info<IReadOnlyList<Bot>>(), cancellationToken);

    /// <summary><c>PUT /bots/{id}/avatar</c>: sets a bot's avatar, as one of its managers (its creator, its community's admins, instance administrators).</summary>
    /// <param name="bot">The bot.</param>
    /// <param name="image">The image bytes (at most 2 MiB by default).</param>
    /// <param name="mediaType"><c>image/png</c>, <c>image/jpeg</c>, <c>image/gif</c> or <c>image/webp</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The bot's updated profile.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>, <c>not_found</c>, <c>unsupported_media_type</c>, <c>media_type_mismatch</c>, <c>payload_too_large</c>.</exception>
    public Task<Protocol.Profiles.UserProfile> SetBotAvatarAsync(UserId bot, ReadOnlyMemory<byte> image, string mediaType, CancellationToken cancellationToken = default) =>
        SendCoreAsync(HttpMethod.Put, $"bots/{bot}/avatar", () => ImageContent(image, mediaType), Info<Protocol.Profiles.UserProfile>(), authenticate: true, cancellationToken)!;

    /// <summary><c>POST /bots/{id}/token</c>: issues a new token. The old one stops working at once and every session of the bot ends.</summary>
    /// <param name="bot">The bot's user id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The bot and its new token, shown this once.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c> (not a manager of the bot), <c>not_found</c>.</exception>
    public Task<BotCredentials> RotateBotTokenAsync(UserId bot, CancellationToken cancellationToken = default) =>
        PostAsync<BotCredentials>($"bots/{bot}/token", cancellationToken);

    /// <summary><c>DELETE /bots/{id}/token</c>: revokes the token without issuing another; the bot cannot sign in until it is rotated.</summary>
    /// <param name="bot">The bot's user id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when revoked.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>, <c>not_found</c>.</exception>
    public Task RevokeBotTokenAsync(UserId bot, CancellationToken cancellationToken = default) =>
        SendNoContentAsync(HttpMethod.Delete, $"bots/{bot}/token", cancellationToken);

    /// <summary><c>DELETE /bots/{id}</c>: deletes the bot account (its messages keep a "Deleted user" author).</summary>
    /// <param name="bot">The bot's user id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when deleted.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>, <c>not_found</c>.</exception>
    public Task DeleteBotAsync(UserId bot, CancellationToken cancellationToken = default) =>
        SendNoContentAsync(HttpMethod.Delete, $"bots/{bot}", cancellationToken);
}
