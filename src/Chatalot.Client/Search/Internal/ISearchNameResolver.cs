namespace Chatalot.Client.Search.Internal;

/// <summary>
/// Turns the names in <c>from:</c> and <c>in:</c> into ids the index does not know itself. The client's resolver asks
/// the server (<see cref="ClientSearchNames"/>); names are compared folded (<see cref="SearchTokenizer.FoldName"/>).
/// </summary>
internal interface ISearchNameResolver
{
    /// <summary>Which of <paramref name="senders"/> have the username <paramref name="folded"/>.</summary>
    ValueTask<IReadOnlyCollection<UserId>> UsersNamedAsync(string folded, IReadOnlyCollection<UserId> senders, CancellationToken cancellationToken);

    /// <summary>The channels named <paramref name="folded"/> (channel names repeat across communities: all of them).</summary>
    ValueTask<IReadOnlyCollection<ChannelId>> ChannelsNamedAsync(string folded, CancellationToken cancellationToken);
}
