using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Chatalot.Client;
using Chatalot.Client.Search;

namespace Chatalot.Benchmarks.Search;

/// <summary>
/// Queries on the client's search index over 50,000 messages (target ≤ 200 ms each), each against the naive
/// alternative as its baseline: a linear scan of every message with <c>string.Contains</c> (ordinal, ignoring case
/// but not diacritics) and the same filters, then the newest 25.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class SearchBenchmarks
{
    private const int Page = 25;
    private SearchCorpus _corpus = null!;
    private MessageSearchIndex _index = null!;
    private string _common = null!;
    private string _mid = null!;
    private string _prefix = null!;
    private string _phrase = null!;
    private UserId _sender;
    private ChannelId _channel;
    private DateTimeOffset _after;

    [GlobalSetup]
    public void Setup()
    {
        _corpus = SearchCorpus.Generate();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        _index = new MessageSearchIndex(new SearchIndexOptions { MaxMessages = SearchCorpus.Size });
        foreach (var message in _corpus.Messages)
        {
            _index.Add(message);
        }

        var retained = GC.GetTotalMemory(forceFullCollection: true) - before;
        Console.WriteLine($"// Index of {_index.Count:N0} messages retains {retained / 1024.0 / 1024.0:F1} MiB (texts included)");
        _common = _corpus.Vocabulary[0];
        _mid = _corpus.Vocabulary[50];
        _prefix = _corpus.Vocabulary[200][..2];
        var words = _corpus.Messages[1234].Text.Split(' ');
        _phrase = words[0] + " " + words[1];
        _sender = _corpus.Messages[0].Sender.UserId;
        _channel = _corpus.Messages[0].ChannelId;
        _after = SearchCorpus.Start.AddMonths(2);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Word, frequent")]
    public int Scan_FrequentWord() => Scan(m => Contains(m, _common));

    [Benchmark, BenchmarkCategory("Word, frequent")]
    public async Task<int> Index_FrequentWord() => (await _index.SearchAsync(_common + " ")).Hits.Count;

    [Benchmark(Baseline = true), BenchmarkCategory("Word")]
    public int Scan_Word() => Scan(m => Contains(m, _mid));

    [Benchmark, BenchmarkCategory("Word")]
    public async Task<int> Index_Word() => (await _index.SearchAsync(_mid + " ")).Hits.Count;

    [Benchmark(Baseline = true), BenchmarkCategory("Prefix")]
    public int Scan_Prefix() => Scan(m => Contains(m, _prefix));

    [Benchmark, BenchmarkCategory("Prefix")]
    public async Task<int> Index_Prefix() => (await _index.SearchAsync(_prefix)).Hits.Count;

    [Benchmark(Baseline = true), BenchmarkCategory("Phrase")]
    public int Scan_Phrase() => Scan(m => Contains(m, _phrase));

    [Benchmark, BenchmarkCategory("Phrase")]
    public async Task<int> Index_Phrase() => (await _index.SearchAsync("\"" + _phrase + "\"")).Hits.Count;

    [Benchmark(Baseline = true), BenchmarkCategory("Filters")]
    public int Scan_Filters() =>
        Scan(m => m.Sender.UserId == _sender && m.ChannelId == _channel && m.SentAt > _after && Contains(m, _mid));

    [Benchmark, BenchmarkCategory("Filters")]
    public async Task<int> Index_Filters() =>
        (await _index.SearchAsync($"from:{_sender} in:{_channel} after:{_after:yyyy-MM-dd} {_mid} ")).Hits.Count;

    [Benchmark(Baseline = true), BenchmarkCategory("Filters only")]
    public int Scan_FiltersOnly() => Scan(m => m.ChannelId == _channel && m.Text.Contains("https://", StringComparison.Ordinal));

    [Benchmark, BenchmarkCategory("Filters only")]
    public async Task<int> Index_FiltersOnly() => (await _index.SearchAsync($"in:{_channel} has:link")).Hits.Count;

    private static bool Contains(MessageReceived message, string text) => message.Text.Contains(text, StringComparison.OrdinalIgnoreCase);

    private int Scan(Func<MessageReceived, bool> match) =>
        _corpus.Messages.Where(match).OrderByDescending(m => m.SentAt).Take(Page).Count();
}
