namespace Chatalot.BrowserTests.Calls;

/// <summary>
/// A test that needs the TURN relay from <c>eng/test-services.sh coturn</c>: skipped on a developer machine without
/// <c>CHATALOT_TEST_TURN_URL</c>; under CI (<c>CI=true</c>) it runs and fails with the reason instead, so a missing
/// relay never passes silently.
/// </summary>
public sealed class TurnFactAttribute : FactAttribute
{
    public TurnFactAttribute()
    {
        if (CallServerFixture.TurnUrl is null && !IsCi)
        {
            Skip = "CHATALOT_TEST_TURN_URL is not set: run eval \"$(eng/test-services.sh coturn)\" first.";
        }
    }

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}
