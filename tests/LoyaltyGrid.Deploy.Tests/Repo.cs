using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Deploy.Tests;

/// <summary>Shorthands for the repository files these tests check, over <see cref="Repository"/>.</summary>
internal static class Repo
{
    public static string Root => Repository.Root;

    public static string File(params string[] parts) => Repository.File(parts);

    public static string Deploy(params string[] parts) => Path.Combine([Root, "deploy", .. parts]);

    public static string Read(params string[] parts) => System.IO.File.ReadAllText(File(parts));
}
