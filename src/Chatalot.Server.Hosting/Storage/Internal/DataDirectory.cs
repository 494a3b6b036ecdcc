namespace Chatalot.Server.Hosting.Storage.Internal;

/// <summary>
/// Keeps the data directory and every file the server puts in it readable by the server's own user only (0700 and
/// 0600 on Unix): the database holds password hashes, refresh-token hashes and ciphertext metadata, and the signing key
/// mints access tokens. Modes are set at creation, with no window where a file is world-readable, and tightened on
/// start for files an older version (or a hand copy) left looser.
/// </summary>
internal static class DataDirectory
{
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates the directory owner-only, or tightens an existing one.</summary>
    public static void Ensure(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        Directory.CreateDirectory(path, DirectoryMode);
        Tighten(path, DirectoryMode);
    }

    /// <summary>
    /// Makes sure <paramref name="path"/> exists owner-only before a library (SQLite) opens it; SQLite gives the
    /// <c>-wal</c> and <c>-shm</c> files it creates the mode of the database file, so they follow.
    /// </summary>
    public static void EnsureFile(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        if (!File.Exists(path))
        {
            using var created = new FileStream(path, new FileStreamOptions { Mode = System.IO.FileMode.OpenOrCreate, Access = FileAccess.Write, UnixCreateMode = FileMode });
        }

        Tighten(path, FileMode);
    }

    /// <summary>Opens a new file for writing, owner-only from its first byte.</summary>
    public static FileStream CreateFile(string path) =>
        new(path, OperatingSystem.IsWindows()
            ? new FileStreamOptions { Mode = System.IO.FileMode.Create, Access = FileAccess.Write }
            : new FileStreamOptions { Mode = System.IO.FileMode.Create, Access = FileAccess.Write, UnixCreateMode = FileMode });

    /// <summary>Removes group and other permissions from every file already in the directory (a database, its WAL, a key).</summary>
    public static void TightenFiles(string path)
    {
        if (OperatingSystem.IsWindows() || !Directory.Exists(path))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(path))
        {
            Tighten(file, FileMode);
        }
    }

    private static void Tighten(string path, UnixFileMode allowed)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var mode = File.GetUnixFileMode(path);
        if ((mode & ~allowed) != 0)
        {
            File.SetUnixFileMode(path, mode & allowed);
        }
    }
}
