namespace Chatalot.Samples.Web.Components;

/// <summary>The server's typed refusals of moderation actions, in words.</summary>
internal static class ModerationErrors
{
    public static string Describe(string code) => code switch
    {
        "forbidden" => "You are not allowed to do that here (the server said forbidden): you need the permission, and to outrank the member.",
        "not_found" => "That member, message or report no longer exists.",
        "conflict" => "Someone else already did that.",
        "timed_out" => "You are timed out in this community.",
        "validation_failed" => "The server refused the values given (validation_failed).",
        "rate_limited" => "Too many actions at once: try again in a moment.",
        _ => "That did not work (" + code + ").",
    };
}
