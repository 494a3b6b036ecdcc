using Chatalot.Client;
using Chatalot.Protocol.Content;

namespace Chatalot.Benchmarks.Search;

/// <summary>
/// 50,000 generated chat messages, the same every run (fixed seed): 3–25 words drawn Zipf-like from a 6,000-word
/// vocabulary (a tenth of it accented), across 40 channels and 300 senders over a year, 5 % with a link, 3 % polls.
/// </summary>
internal sealed class SearchCorpus
{
    public const int Size = 50_000;

    public static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private SearchCorpus(IReadOnlyList<MessageReceived> messages, IReadOnlyList<string> vocabulary)
    {
        Messages = messages;
        Vocabulary = vocabulary;
    }

    public IReadOnlyList<MessageReceived> Messages { get; }

    /// <summary>The words by rank: index 0 is the most frequent.</summary>
    public IReadOnlyList<string> Vocabulary { get; }

    public static SearchCorpus Generate(int seed = 12)
    {
        var random = new Random(seed);
        var vocabulary = Enumerable.Range(0, 6_000).Select(i => Word(random, accented: i % 10 == 7)).Distinct().ToArray();
        var channels = Enumerable.Range(0, 40).Select(_ => new ChannelId(Id(random))).ToArray();
        var senders = Enumerable.Range(0, 300).Select(i => new MessageSender(new UserId(Id(random)), new DeviceId(i + 1))).ToArray();
        var messages = new MessageReceived[Size];
        for (var i = 0; i < Size; i++)
        {
            var words = Enumerable.Range(0, random.Next(3, 26)).Select(_ => vocabulary[Zipf(random, vocabulary.Length)]).ToList();
            if (random.NextDouble() < 0.05)
            {
                words.Insert(random.Next(words.Count), $"https://example.com/{words[0]}");
            }

            var text = string.Join(' ', words);
            var content = random.NextDouble() < 0.03
                ? MessageContent.CreatePoll(new PollDefinition(text, [words[0], words[^1]]))
                : MessageContent.CreateText(text);
            messages[i] = new MessageReceived
            {
                MessageId = new MessageId(Id(random)),
                ChannelId = channels[random.Next(channels.Length)],
                Sender = senders[Zipf(random, senders.Length)],
                Text = content.Text ?? text,
                Content = content,
                SentAt = Start.AddSeconds(random.Next(365 * 24 * 3600)),
            };
        }

        return new SearchCorpus(messages, vocabulary);
    }

    /// <summary>A rank in [0, n) with probability roughly proportional to 1 / (rank + 1), as word frequencies are.</summary>
    private static int Zipf(Random random, int n) => Math.Min(n - 1, (int)Math.Exp(random.NextDouble() * Math.Log(n + 1)) - 1);

    private static Guid Id(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    private static string Word(Random random, bool accented)
    {
        const string letters = "abcdefghijklmnoprstuvwy";
        const string accents = "éèàüöçñ";
        var chars = new char[random.Next(2, 10)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = letters[random.Next(letters.Length)];
        }

        if (accented)
        {
            chars[random.Next(chars.Length)] = accents[random.Next(accents.Length)];
        }

        return new string(chars);
    }
}
