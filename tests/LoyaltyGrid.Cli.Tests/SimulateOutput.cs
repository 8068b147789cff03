using System.Globalization;
using System.Text.RegularExpressions;

namespace LoyaltyGrid.Cli.Tests;

/// <summary>Reads the summary <c>simulate</c> prints on standard output.</summary>
public static partial class SimulateOutput
{
    /// <summary>The "ok by kind:" line as counts by kind.</summary>
    public static IReadOnlyDictionary<string, long> OkByKind(string output)
    {
        var line = OkByKindLine().Match(output);
        Assert.True(line.Success, output);
        return Counts(line.Groups[1].Value);
    }

    /// <summary>The "feedback sentiment:" line: the labels the server gave the run's reviews and survey comments.</summary>
    public static IReadOnlyDictionary<string, long> Sentiments(string output)
    {
        var line = SentimentLine().Match(output);
        Assert.True(line.Success, output);
        return Counts(line.Groups[1].Value);
    }

    private static Dictionary<string, long> Counts(string list) =>
        list.Trim().Split(", ")
            .Select(part => part.Split(' '))
            .ToDictionary(part => part[0], part => long.Parse(part[1], NumberStyles.AllowThousands, CultureInfo.InvariantCulture), StringComparer.Ordinal);

    [GeneratedRegex(@"ok by kind: (.+)")]
    private static partial Regex OkByKindLine();

    [GeneratedRegex(@"feedback sentiment: (.+)")]
    private static partial Regex SentimentLine();
}
