using System.Globalization;
using Chatalot.Protocol.Errors;
using Chatalot.Server.Hosting.Errors;

namespace Chatalot.Server.Hosting.Roles.Internal;

/// <summary>Rules every moderated action shares.</summary>
internal static class ModerationRules
{
    /// <summary>403 <c>timed_out</c> with the end time while a time-out lasts; <c>retry_after_seconds</c> counts down to it.</summary>
    public static void ThrowIfTimedOut(DateTimeOffset? until, DateTimeOffset now)
    {
        if (until is { } end && end > now)
        {
            throw new ChatalotServerException(
                ErrorCodes.TimedOut, 403, $"You are timed out in this community until {end.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}.", end - now);
        }
    }
}
