using Chatalot.Protocol;

namespace Chatalot.Client.Conversations.Internal;

/// <summary>
/// The reactions of messages (content.md §3.4): per (user, emoji) the latest <c>reaction_add</c> or
/// <c>reaction_remove</c> of that user by position wins, so a user counts once per emoji and only removes their own.
/// A standing reaction dates from the first add after the user's last removal (adding again changes nothing). Every
/// change is kept, so arrival order does not matter. Emoji are listed by their earliest standing reaction; past <see cref="ChatalotLimits.ReactionsPerMessageMax"/> the
/// later emoji are not shown (every client cuts at the same place, since positions agree).
/// </summary>
internal sealed class ReactionBook
{
    private readonly Dictionary<Guid, Dictionary<(UserId User, string Emoji), SortedDictionary<Position, bool>>> _byMessage = [];

    /// <summary>Applies one reaction; true when the message's summary changed.</summary>
    public bool Apply(Guid target, UserId user, string emoji, bool add, Position at)
    {
        var before = Summarize(target);
        if (!_byMessage.TryGetValue(target, out var reactions))
        {
            _byMessage[target] = reactions = [];
        }

        if (!reactions.TryGetValue((user, emoji), out var changes))
        {
            reactions[(user, emoji)] = changes = [];
        }

        return changes.TryAdd(at, add) && !SameSummary(before, Summarize(target));
    }

    public IReadOnlyList<ReactionSummary> Summarize(Guid target)
    {
        if (!_byMessage.TryGetValue(target, out var reactions))
        {
            return [];
        }

        return [.. reactions
            .Select(r => (r.Key.User, r.Key.Emoji, Since: StandingSince(r.Value)))
            .Where(r => r.Since is not null)
            .GroupBy(r => r.Emoji, StringComparer.Ordinal)
            .Select(g => (First: g.Min(r => r.Since!.Value), Users: g.OrderBy(r => r.Since!.Value).Select(r => r.User).ToList(), Emoji: g.Key))
            .OrderBy(g => g.First)
            .Take(ChatalotLimits.ReactionsPerMessageMax)
            .Select(g => new ReactionSummary(g.Emoji, g.Users.Count, g.Users))];
    }

    /// <summary>Whether <paramref name="emoji"/> would be a new emoji past the limit on the message.</summary>
    public bool IsFull(Guid target, string emoji)
    {
        var summary = Summarize(target);
        return summary.Count >= ChatalotLimits.ReactionsPerMessageMax && !summary.Any(s => s.Emoji == emoji);
    }

    /// <summary>Whether <paramref name="user"/>'s reaction <paramref name="emoji"/> stands on the message.</summary>
    public bool Has(Guid target, UserId user, string emoji) =>
        _byMessage.TryGetValue(target, out var reactions) && reactions.TryGetValue((user, emoji), out var changes) && StandingSince(changes) is not null;

    /// <summary>When the reaction stands since (the first add after the last removal), or null when it does not stand.</summary>
    private static Position? StandingSince(SortedDictionary<Position, bool> changes)
    {
        Position? since = null;
        foreach (var (at, on) in changes)
        {
            since = on ? since ?? at : null;
        }

        return since;
    }

    private static bool SameSummary(IReadOnlyList<ReactionSummary> a, IReadOnlyList<ReactionSummary> b) =>
        a.Count == b.Count && a.Zip(b).All(p => p.First.Emoji == p.Second.Emoji && p.First.Users.SequenceEqual(p.Second.Users));
}
