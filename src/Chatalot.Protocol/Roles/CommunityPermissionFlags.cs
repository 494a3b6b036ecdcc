namespace Chatalot.Protocol.Roles;

/// <summary>Helpers over <see cref="CommunityPermissions"/> for role editors and bot preconditions.</summary>
public static class CommunityPermissionFlags
{
    /// <summary>Every single flag, lowest bit first (the order permissions.md lists them).</summary>
    public static IReadOnlyList<CommunityPermissions> Each { get; } = [.. CommunityPermissionsJsonConverter.Names.Select(n => n.Flag)];

    /// <summary>The snake_case wire name of one flag (<c>"manage_messages"</c>).</summary>
    /// <param name="flag">A single flag.</param>
    /// <returns>The name.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="flag"/> is not a single known flag.</exception>
    public static string WireName(CommunityPermissions flag)
    {
        foreach (var (f, name) in CommunityPermissionsJsonConverter.Names)
        {
            if (f == flag)
            {
                return name;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(flag), "Not a single known permission flag.");
    }

    /// <summary>Whether <paramref name="held"/> includes every flag of <paramref name="required"/>.</summary>
    /// <param name="held">The flags held.</param>
    /// <param name="required">The flags needed.</param>
    /// <returns>True when all are held.</returns>
    public static bool HasAll(this CommunityPermissions held, CommunityPermissions required) => (held & required) == required;
}
