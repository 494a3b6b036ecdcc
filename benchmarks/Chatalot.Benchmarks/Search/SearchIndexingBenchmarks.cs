using BenchmarkDotNet.Attributes;
using Chatalot.Client.Search;

namespace Chatalot.Benchmarks.Search;

/// <summary>Building the index of 50,000 messages (what a client pays as history arrives), against copying them into a list.</summary>
[MemoryDiagnoser]
public class SearchIndexingBenchmarks
{
    private SearchCorpus _corpus = null!;

    [GlobalSetup]
    public void Setup() => _corpus = SearchCorpus.Generate();

    [Benchmark(Baseline = true)]
    public int List_50k() => _corpus.Messages.Select(m => m.Text).ToList().Count;

    [Benchmark]
    public int Index_50k()
    {
        var index = new MessageSearchIndex(new SearchIndexOptions { MaxMessages = SearchCorpus.Size });
        foreach (var message in _corpus.Messages)
        {
            index.Add(message);
        }

        return index.Count;
    }
}
