namespace Chatalot.Protocol.Admin;

/// <summary>The instance's announcement banner, shown at the top of every client (carried by <c>GET /server</c>).</summary>
/// <param name="Text">The announcement, 1-500 characters of plain text (<see cref="ChatalotLimits.BannerMaxLength"/>).</param>
/// <param name="Level">How it is shown.</param>
/// <param name="ExpiresAt">When it stops being shown; <see langword="null"/> means until it is changed.</param>
public sealed record ServerBanner(string Text, BannerLevel Level = BannerLevel.Info, DateTimeOffset? ExpiresAt = null);
