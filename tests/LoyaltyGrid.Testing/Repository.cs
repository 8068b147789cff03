namespace LoyaltyGrid.Testing;

/// <summary>
/// The checkout a test assembly was built from, found by walking up from the assembly's folder to
/// LoyaltyGrid.sln, so tests read the repository's own files wherever it was cloned.
/// </summary>
public static class Repository
{
    private static readonly Lazy<string> RootDirectory = new(FindRoot);

    public static string Root => RootDirectory.Value;

    /// <summary>A path inside the repository, from its parts (<c>File("docs", "api.md")</c>).</summary>
    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>One of the CDNOW purchase files kept in <c>data/cdnow</c> (see its README).</summary>
    public static string Cdnow(string fileName)
    {
        var path = File("data", "cdnow", fileName);
        // A missing file would otherwise surface as a confusing parse or replay failure.
        return System.IO.File.Exists(path) ? path : throw new FileNotFoundException($"{path} is not in the checkout.", path);
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(directory.FullName, "LoyaltyGrid.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No LoyaltyGrid.sln above {AppContext.BaseDirectory}.");
    }
}
