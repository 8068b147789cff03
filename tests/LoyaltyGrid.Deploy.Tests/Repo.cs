namespace LoyaltyGrid.Deploy.Tests;

/// <summary>The repository this test assembly was built from, found by walking up to LoyaltyGrid.sln.</summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    public static string Deploy(params string[] parts) => Path.Combine([Root, "deploy", .. parts]);

    public static string Read(params string[] parts) => System.IO.File.ReadAllText(File(parts));

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
