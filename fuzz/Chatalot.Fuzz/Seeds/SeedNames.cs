namespace Chatalot.Fuzz.Seeds;

/// <summary>Readable file names for seeds.</summary>
internal static class SeedNames
{
    /// <summary><c>User</c>, <c>list-of-User</c>, …</summary>
    public static string Of(Type type) =>
        type.IsGenericType ? "list-of-" + type.GetGenericArguments()[0].Name : type.Name;
}
