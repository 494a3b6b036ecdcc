using Chatalot.Protocol.Voice;

namespace Chatalot.Client.Rest;

public sealed partial class ChatalotRestClient
{
    /// <summary><c>GET /channels/{id}/voice</c>: who is in a voice channel or DM call now (calls.md §2).</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The participants.</returns>
    /// <exception cref="ChatalotApiException"><c>not_found</c>, <c>forbidden</c>.</exception>
    public Task<VoiceChannelState> GetVoiceStateAsync(ChannelId channel, CancellationToken cancellationToken = default) =>
        GetAsync($"channels/{channel}/voice", Info<VoiceChannelState>(), cancellationToken);

    /// <summary><c>GET /communities/{id}/voice</c>: the occupied voice channels of a community that the caller can see.</summary>
    /// <param name="community">The community.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One state per voice channel with anyone in it.</returns>
    /// <exception cref="ChatalotApiException"><c>not_found</c>, <c>forbidden</c>.</exception>
    public Task<IReadOnlyList<VoiceChannelState>> GetCommunityVoiceStatesAsync(CommunityId community, CancellationToken cancellationToken = default) =>
        GetAsync($"communities/{community}/voice", Info<IReadOnlyList<VoiceChannelState>>(), cancellationToken);

    /// <summary><c>PATCH /channels/{id}/voice/participants/{user_id}</c>: server-mutes or unmutes a participant (needs <c>mute_members</c>, target below you).</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="user">The participant.</param>
    /// <param name="request">The mute.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when applied.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>, <c>not_found</c>.</exception>
    public Task UpdateVoiceParticipantAsync(ChannelId channel, UserId user, UpdateVoiceParticipantRequest request, CancellationToken cancellationToken = default) =>
        SendNoContentAsync(HttpMethod.Patch, $"channels/{channel}/voice/participants/{user}", request, cancellationToken);

    /// <summary><c>DELETE /channels/{id}/voice/participants/{user_id}</c>: disconnects a participant (needs <c>move_members</c>, target below you).</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="user">The participant.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when disconnected.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>, <c>not_found</c>.</exception>
    public Task DisconnectVoiceParticipantAsync(ChannelId channel, UserId user, CancellationToken cancellationToken = default) =>
        SendNoContentAsync(HttpMethod.Delete, $"channels/{channel}/voice/participants/{user}", cancellationToken);

    /// <summary><c>GET /voice/ice-servers</c>: STUN and TURN servers with time-limited TURN credentials (calls.md §4).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The servers and when the credentials expire.</returns>
    /// <exception cref="ChatalotApiException">The server refused the call.</exception>
    public Task<IceServerConfig> GetIceServersAsync(CancellationToken cancellationToken = default) =>
        GetAsync("voice/ice-servers", Info<IceServerConfig>(), cancellationToken);
}
