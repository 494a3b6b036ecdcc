using Chatalot.Fuzz.Seeds;

namespace Chatalot.Fuzz.Tests;

/// <summary>
/// Every committed corpus input (seeds and crash regressions) through its target, without instrumentation, on every
/// test run: a parser change that breaks its contract on a known input fails here before any fuzzing.
/// </summary>
public sealed class CorpusReplayTests
{
    public static TheoryData<string, string> CorpusInputs()
    {
        var data = new TheoryData<string, string>();
        foreach (var target in FuzzTargets.All)
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(RepoPaths.Corpus, target.Name)).Order(StringComparer.Ordinal))
            {
                data.Add(target.Name, Path.GetFileName(file));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CorpusInputs))]
    public void CorpusInput_KeepsTheTargetsContract(string target, string file) =>
        FuzzTargets.Find(target)!.Run(File.ReadAllBytes(Path.Combine(RepoPaths.Corpus, target, file)));

    [Fact]
    public void EveryTarget_HasACommittedCorpus_AndEveryCorpusFolderATarget()
    {
        foreach (var target in FuzzTargets.All)
        {
            Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(RepoPaths.Corpus, target.Name)));
        }

        var folders = Directory.EnumerateDirectories(RepoPaths.Corpus).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(FuzzTargets.All.Select(t => t.Name).Order(StringComparer.Ordinal), folders);
    }

    [Fact]
    public void TargetNames_AreUnique_AndSafeAsFolderNames()
    {
        var names = FuzzTargets.All.Select(t => t.Name).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.All(names, n => Assert.Matches("^[a-z][a-z0-9-]*$", n));
    }

    [Fact]
    public void FreshSeeds_FitTheirTarget_AndKeepItsContract()
    {
        // The seed generator must keep working as the encoders change (`Chatalot.Fuzz seed` rewrites the corpus).
        foreach (var target in FuzzTargets.All)
        {
            var seeds = target.CreateSeeds().ToList();
            Assert.NotEmpty(seeds);
            foreach (var (_, data) in seeds)
            {
                Assert.True(data.Length <= target.MaxInputLength, $"{target.Name}: a seed exceeds -max_len");
                target.Run(data);
            }
        }
    }

    [Fact]
    public void Replay_ReportsAContractViolation()
    {
        var file = Path.GetTempFileName();
        try
        {
            using var output = new StringWriter();
            Assert.Equal(1, Replay.Run(new ThrowingTarget(), [file], output));
            Assert.Contains("0 passed, 1 failed", output.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private sealed class ThrowingTarget : FuzzTarget
    {
        public override string Name => "throwing";

        public override string Description => "always breaks its contract";

        public override void Run(ReadOnlySpan<byte> data) => throw new IndexOutOfRangeException();

        public override IEnumerable<(string Name, byte[] Data)> CreateSeeds() => [];
    }
}
