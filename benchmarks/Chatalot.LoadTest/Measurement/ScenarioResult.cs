namespace Chatalot.LoadTest.Measurement;

/// <summary>One measured row: a scenario step against one target, with named figures.</summary>
public sealed record ScenarioResult(string Scenario, string Target, string Step, IReadOnlyDictionary<string, double> Metrics);
