namespace LoyaltyGrid.Postgres.Embedded;

/// <summary>The PostgreSQL server programs of this machine.</summary>
public sealed record PostgresBinaries(string Directory)
{
    public string InitDb => Path.Combine(Directory, "initdb");

    public string PgCtl => Path.Combine(Directory, "pg_ctl");

    /// <summary>
    /// Looks on PATH first (an operator's explicit choice), then in Debian's versioned folders,
    /// newest version first.
    /// </summary>
    public static PostgresBinaries? Find(string? explicitDirectory = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitDirectory))
        {
            return HasServerPrograms(explicitDirectory) ? new PostgresBinaries(explicitDirectory) : null;
        }

        var fromPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(HasServerPrograms);
        if (fromPath is not null)
        {
            return new PostgresBinaries(ResolveLinkedDirectory(fromPath));
        }

        const string debianRoot = "/usr/lib/postgresql";
        if (!System.IO.Directory.Exists(debianRoot))
        {
            return null;
        }

        return System.IO.Directory.GetDirectories(debianRoot)
            .Select(versionDir => (Version: ParseMajorVersion(Path.GetFileName(versionDir)), Bin: Path.Combine(versionDir, "bin")))
            .Where(candidate => candidate.Version is not null && HasServerPrograms(candidate.Bin))
            .OrderByDescending(candidate => candidate.Version)
            .Select(candidate => new PostgresBinaries(candidate.Bin))
            .FirstOrDefault();
    }

    private static bool HasServerPrograms(string directory) =>
        File.Exists(Path.Combine(directory, "initdb"))
        && File.Exists(Path.Combine(directory, "pg_ctl"))
        && File.Exists(Path.Combine(directory, "postgres"));

    // pg_ctl finds the postgres program next to its own real path, so a folder of symbolic links
    // on PATH is followed to the folder they point into.
    private static string ResolveLinkedDirectory(string directory)
    {
        var pgCtl = new FileInfo(Path.Combine(directory, "pg_ctl"));
        var target = pgCtl.ResolveLinkTarget(returnFinalTarget: true);
        return target is null ? directory : Path.GetDirectoryName(target.FullName)!;
    }

    private static int? ParseMajorVersion(string name) => int.TryParse(name, out var version) ? version : null;
}
