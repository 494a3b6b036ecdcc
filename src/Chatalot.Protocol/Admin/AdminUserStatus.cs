namespace Chatalot.Protocol.Admin;

/// <summary>The <c>status</c> filter of <c>GET /admin/users</c>.</summary>
public static class AdminUserStatus
{
    /// <summary>Every user (the default).</summary>
    public const string All = "all";

    /// <summary>Users who are not suspended.</summary>
    public const string Active = "active";

    /// <summary>Suspended users.</summary>
    public const string Suspended = "suspended";

    /// <summary>Instance administrators and the owner.</summary>
    public const string Admins = "admins";

    /// <summary>Whether <paramref name="value"/> is one of the filters.</summary>
    /// <param name="value">The value.</param>
    /// <returns><see langword="true"/> for a known filter.</returns>
    public static bool IsKnown(string? value) => value is All or Active or Suspended or Admins;
}
