namespace Chatalot.LoadTest.Tests;

/// <summary>
/// A fact that needs the test PostgreSQL and Redis (<c>eval "$(eng/test-services.sh postgres redis)"</c>, which eng/test.sh
/// does): skipped, with the reason, when either variable is absent, since the load tool's cluster mode cannot run without them.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ClusterServicesFactAttribute : FactAttribute
{
    public ClusterServicesFactAttribute()
    {
        var missing = new[] { "CHATALOT_TEST_POSTGRES", "CHATALOT_TEST_REDIS" }.Where(v => string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(v))).ToArray();
        if (missing.Length > 0)
        {
            Skip = $"{string.Join(" and ", missing)} not set: run eval \"$(eng/test-services.sh postgres redis)\" first (multi-node load runs need PostgreSQL and Redis).";
        }
    }
}
