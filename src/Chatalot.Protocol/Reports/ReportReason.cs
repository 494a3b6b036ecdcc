namespace Chatalot.Protocol.Reports;

/// <summary>Why a message is reported.</summary>
public static class ReportReason
{
    /// <summary>Unsolicited or repetitive messages.</summary>
    public const string Spam = "spam";

    /// <summary>Harassment or hate.</summary>
    public const string Harassment = "harassment";

    /// <summary>Illegal content.</summary>
    public const string Illegal = "illegal";

    /// <summary>Sexual or violent content.</summary>
    public const string Graphic = "graphic";

    /// <summary>Anything else; say what in the note.</summary>
    public const string Other = "other";

    /// <summary>Whether <paramref name="value"/> is one of the reasons.</summary>
    /// <param name="value">The value.</param>
    /// <returns><see langword="true"/> for a known reason.</returns>
    public static bool IsKnown(string? value) => value is Spam or Harassment or Illegal or Graphic or Other;
}
