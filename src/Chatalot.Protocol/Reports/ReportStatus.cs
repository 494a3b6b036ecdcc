namespace Chatalot.Protocol.Reports;

/// <summary>The states of a <see cref="Report"/>.</summary>
public static class ReportStatus
{
    /// <summary>Waiting for a moderator.</summary>
    public const string Open = "open";

    /// <summary>A moderator acted on it.</summary>
    public const string Resolved = "resolved";

    /// <summary>A moderator found nothing to act on.</summary>
    public const string Dismissed = "dismissed";

    /// <summary>Whether <paramref name="value"/> is one of the states.</summary>
    /// <param name="value">The value.</param>
    /// <returns><see langword="true"/> for a known state.</returns>
    public static bool IsKnown(string? value) => value is Open or Resolved or Dismissed;
}
