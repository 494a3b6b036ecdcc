using Chatalot.Fuzz.Targets;

namespace Chatalot.Fuzz;

/// <summary>Every fuzz target, by name. Adding a target: a class in <c>Targets/</c>, a line here, seeds (docs/articles/fuzzing.md).</summary>
public static class FuzzTargets
{
    /// <summary>All targets, in the order CI runs them.</summary>
    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        new GatewayClientFrameTarget(),
        new GatewayServerFrameTarget(),
        new RestDtoTarget(),
        new ContentTarget(),
        new KeyRecordsTarget(),
        new SessionRecordTarget(),
        new SenderKeyRecordTarget(),
        new PairwiseMessageTarget(),
        new GroupMessageTarget(),
        new AttachmentTarget(),
    ];

    /// <summary>Finds a target by name (ordinal).</summary>
    /// <param name="name">The target's name.</param>
    /// <returns>The target, or null.</returns>
    public static FuzzTarget? Find(string name) => All.FirstOrDefault(t => t.Name == name);
}
