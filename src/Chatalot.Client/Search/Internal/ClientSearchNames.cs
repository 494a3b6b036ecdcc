using System.Collections.Concurrent;
using System.Net;
using Chatalot.Client.Rest;

namespace Chatalot.Client.Search.Internal;

/// <summary>
/// Resolves <c>from:</c> and <c>in:</c> names through the server: channel names from this user's channel list (one
/// request per search that names a channel), usernames by looking up the senders the index holds, each once per client.
/// </summary>
internal sealed class ClientSearchNames(ChatalotRestClient rest) : ISearchNameResolver
{
    /// <summary>Most unknown senders looked up by one search, so a first <c>from:</c> never floods the server.</summary>
    private const int MaxLookupsPerSearch = 50;

    private readonly ConcurrentDictionary<UserId, string> _usernames = new();

    public async ValueTask<IReadOnlyCollection<UserId>> UsersNamedAsync(string folded, IReadOnlyCollection<UserId> senders, CancellationToken cancellationToken)
    {
        if (rest.CurrentUser is { } self)
        {
            _usernames.TryAdd(new UserId(self.Id), SearchTokenizer.FoldName(self.Username));
        }

        var lookups = 0;
        var found = new List<UserId>();
        foreach (var sender in senders)
        {
            if (!_usernames.TryGetValue(sender, out var name) && lookups++ < MaxLookupsPerSearch)
            {
                try
                {
                    var user = await rest.GetUserAsync(sender, cancellationToken).ConfigureAwait(false);
                    name = _usernames.GetOrAdd(sender, SearchTokenizer.FoldName(user.Username));
                }
                catch (ChatalotApiException ex) when (ex.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden)
                {
                    // A deleted account, or one this user may no longer see: it cannot be named.
                    name = _usernames.GetOrAdd(sender, string.Empty);
                }
            }

            if (name == folded)
            {
                found.Add(sender);
            }
        }

        return found;
    }

    public async ValueTask<IReadOnlyCollection<ChannelId>> ChannelsNamedAsync(string folded, CancellationToken cancellationToken)
    {
        var channels = await rest.GetChannelsAsync(cancellationToken).ConfigureAwait(false);
        return channels.Where(c => c.Name is { } name && SearchTokenizer.FoldName(name) == folded).Select(c => new ChannelId(c.Id)).ToArray();
    }
}
