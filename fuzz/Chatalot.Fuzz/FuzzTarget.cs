namespace Chatalot.Fuzz;

/// <summary>
/// One parser under test. <see cref="Run"/> feeds it untrusted bytes and lets escape only what the parser's documented
/// contract allows callers to see: anything else propagates, and SharpFuzz (or the corpus replay test) reports it.
/// </summary>
public abstract class FuzzTarget
{
    /// <summary>The name used on the command line and as the corpus folder (<c>fuzz/corpus/&lt;name&gt;</c>).</summary>
    public abstract string Name { get; }

    /// <summary>One line: which parser, and which exception its contract allows.</summary>
    public abstract string Description { get; }

    /// <summary>libFuzzer's <c>-max_len</c> for this target: large enough for its seeds and some growth.</summary>
    public virtual int MaxInputLength => 4096;

    /// <summary>Parses one input; throws only when the parser broke its contract.</summary>
    /// <param name="data">The fuzzer's input.</param>
    public abstract void Run(ReadOnlySpan<byte> data);

    /// <summary>Valid inputs to start from, built with the real encoders (see <see cref="Seeds.SeedWriter"/>).</summary>
    /// <returns>File name (without folder) and bytes of each seed.</returns>
    public abstract IEnumerable<(string Name, byte[] Data)> CreateSeeds();

    /// <inheritdoc />
    public override string ToString() => Name;
}
