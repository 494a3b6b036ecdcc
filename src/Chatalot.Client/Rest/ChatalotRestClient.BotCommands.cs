using Chatalot.Protocol.Bots;

namespace Chatalot.Client.Rest;

public sealed partial class ChatalotRestClient
{
    /// <summary>
    /// <c>PUT /users/me/commands</c>: publishes the commands this account (a bot) answers to, replacing its previous list,
    /// so members' composers can offer them; an empty list removes it. Names and summaries are not end-to-end
    /// encrypted: the server stores them and shows them to the members of communities the account is in.
    /// </summary>
    /// <param name="request">The prefix and commands (at most 100).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the list is stored.</returns>
    /// <exception cref="ChatalotApiException"><c>validation_failed</c> (a name, summary or count out of bounds).</exception>
    public Task PublishCommandsAsync(PublishCommandsRequest request, CancellationToken cancellationToken = default) =>
        SendNoContentAsync(HttpMethod.Put, "users/me/commands", request, cancellationToken);

    /// <summary><c>GET /communities/{id}/commands</c>: the command lists published by the community's members (members only).</summary>
    /// <param name="community">The community.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One list per member who published one, by user name.</returns>
    /// <exception cref="ChatalotApiException"><c>not_found</c> (not a member).</exception>
    public Task<IReadOnlyList<MemberCommandList>> GetCommunityCommandsAsync(CommunityId community, CancellationToken cancellationToken = default) =>
        GetAsync($"communities/{community}/commands", Info<IReadOnlyList<MemberCommandList>>(), cancellationToken);
}
