using Chatalot.Protocol;

namespace Chatalot.Client.Conversations.Internal;

/// <summary>
/// The reactions of messages (content.md §3.4): per (user, emoji) the latest <c>reaction_add</c> or
/// <c>reaction_remove</c> of that user by position wins, so a user counts once per emoji and only removes their own.
/// Emoji are listed by their earliest standing reaction; past <see cref="ChatalotLimits.ReactionsPerMessageMax"/> the
/// later emoji are not shown (every client cuts at the same place, since positions agree).
/// </summary>
internal sealed class ReactionBook
{
    private readonly Dictionary<Guid, Dictionary<(UserId User, string Emoji), (Position At, bool On)>> _byMessage = [];

    /// <summary>Applies one reaction; true when the message's summary changed.</summary>
    public bool Apply(Guid target, UserId user, string emoji, bool add, Position at)
    {
        var before = Summarize(target);
        if (!_byMessage.TryGetValue(target, out var reactions))
        {
            _byMessage[target] = reactions = [];
        }

        if (reactions.TryGetValue((user, emoji), out var current) && current.At >= at)
        {
            return false; // An older or repeated change: the later one stands.
        }

        reactions[(user, emoji)] = (at, add);
        return !SameSummary(before, Summarize(target));
    }

    public IReadOnlyList<ReactionSummary> Summarize(Guid target)
    {
        if (!_byMessage.TryGetValue(target, out var reactions))
        {
            return [];
        }

        return [.. reactions
            .Where(r => r.Value.On)
            .GroupBy(r => r.Key.Emoji, StringComparer.Ordinal)
            .Select(g => (First: g.Min(r => r.Value.At), Users: g.OrderBy(r => r.Value.At).Select(r => r.Key.User).ToList(), Emoji: g.Key))
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
        _byMessage.TryGetValue(target, out var reactions) && reactions.TryGetValue((user, emoji), out var r) && r.On;

    private static bool SameSummary(IReadOnlyList<ReactionSummary> a, IReadOnlyList<ReactionSummary> b) =>
        a.Count == b.Count && a.Zip(b).All(p => p.First.Emoji == p.Second.Emoji && p.First.Users.SequenceEqual(p.Second.Users));
}
