namespace LoyaltyGrid.Domain.Tests.Prediction;

internal static class SharedData
{
    /// <summary>The CDNOW sample in the shared data beside the repository (../shared), found by walking up.</summary>
    public static string CdnowSample()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "..", "shared", "data", "cdnow", "CDNOW_sample.txt");
            if (File.Exists(candidate))
            {
                return Path.GetFullPath(candidate);
            }
        }

        throw new FileNotFoundException($"No ../shared/data/cdnow/CDNOW_sample.txt above {AppContext.BaseDirectory}.");
    }
}
