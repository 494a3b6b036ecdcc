using Chatalot.Protocol.Content;

namespace Chatalot.Client.Conversations.Internal;

/// <summary>
/// Poll tallies (content.md §3.5). Every vote and close is kept, so the tally does not depend on arrival order:
/// per voter the latest valid vote by position counts, where valid means after the poll, before the author's first
/// close, and stored (server time) no later than <c>closes_at</c>. Indexes past the options are dropped; a single-select
/// poll takes the first index only; <c>[]</c> withdraws. A close by anyone but the author is ignored.
/// </summary>
internal sealed class PollBook
{
    private readonly Dictionary<Guid, Poll> _polls = [];

    /// <summary>Opens a poll; false when it was open already (observed twice).</summary>
    public bool Open(Observed message) => Get(message.Id.Value, message.Channel).Define(message);

    public ChannelId? Vote(Guid poll, Observed vote)
    {
        var state = Get(poll, vote.Channel);
        var added = state.Votes.Add((vote.Position, vote.Sender, vote.ServerTime, vote.Content.Votes ?? []));
        return added && state.Definition is not null ? state.Channel : null;
    }

    public ChannelId? Close(Guid poll, Observed close)
    {
        var state = Get(poll, close.Channel);
        var added = state.Closes.Add((close.Position, close.Sender));
        return added && state.Definition is not null ? state.Channel : null;
    }

    public PollTally? Tally(Guid poll, DateTimeOffset now) => _polls.TryGetValue(poll, out var state) ? state.Tally(poll, now) : null;

    private Poll Get(Guid poll, ChannelId channel)
    {
        if (!_polls.TryGetValue(poll, out var state))
        {
            _polls[poll] = state = new Poll(channel);
        }

        return state;
    }

    private sealed class Poll(ChannelId channel)
    {
        public ChannelId Channel { get; } = channel;

        public PollDefinition? Definition { get; private set; }

        public UserId Author { get; private set; }

        public Position Opened { get; private set; }

        // Sets, not lists: the same message observed twice (sent here, then echoed) counts once.
        public HashSet<(Position At, UserId Voter, DateTimeOffset ServerTime, IReadOnlyList<int> Options)> Votes { get; } = new(VoteComparer.Instance);

        public HashSet<(Position At, UserId Sender)> Closes { get; } = [];

        public bool Define(Observed message)
        {
            if (Definition is not null)
            {
                return false;
            }

            Definition = message.Content.Poll;
            Author = message.Sender;
            Opened = message.Position;
            return true;
        }

        public PollTally? Tally(Guid id, DateTimeOffset now)
        {
            if (Definition is not { } poll)
            {
                return null;
            }

            Position? closed = Closes.Where(c => c.Sender == Author).Select(c => (Position?)c.At).Min();
            var counted = Votes
                .Where(v => v.At > Opened && (closed is null || v.At < closed) && (poll.ClosesAt is null || v.ServerTime <= poll.ClosesAt))
                .GroupBy(v => v.Voter)
                .Select(g => g.MaxBy(v => v.At))
                .Select(v => (v.At, v.Voter, Options: Choose(poll, v.Options)))
                .Where(v => v.Options.Count > 0)
                .OrderBy(v => v.At)
                .ToList();
            var options = Enumerable.Range(0, poll.Options.Count)
                .Select(i => counted.Where(v => v.Options.Contains(i)).Select(v => v.Voter).ToList())
                .Select((voters, i) => new PollOptionTally(i, voters.Count, voters))
                .ToList();
            var isClosed = closed is not null || (poll.ClosesAt is { } end && now >= end);
            return new PollTally(new MessageId(id), Author, poll, options, counted.Count, isClosed);
        }

        private static List<int> Choose(PollDefinition poll, IReadOnlyList<int> votes)
        {
            var valid = votes.Where(i => i >= 0 && i < poll.Options.Count).Distinct().ToList();
            return poll.MultiSelect || valid.Count <= 1 ? valid : [valid[0]];
        }
    }

    private sealed class VoteComparer : IEqualityComparer<(Position At, UserId Voter, DateTimeOffset ServerTime, IReadOnlyList<int> Options)>
    {
        public static readonly VoteComparer Instance = new();

        public bool Equals((Position At, UserId Voter, DateTimeOffset ServerTime, IReadOnlyList<int> Options) x, (Position At, UserId Voter, DateTimeOffset ServerTime, IReadOnlyList<int> Options) y) => x.At.Id == y.At.Id;

        public int GetHashCode((Position At, UserId Voter, DateTimeOffset ServerTime, IReadOnlyList<int> Options) obj) => obj.At.Id.GetHashCode();
    }
}
