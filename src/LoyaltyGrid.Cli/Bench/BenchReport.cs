using System.Runtime.InteropServices;
using System.Text.Json;

namespace LoyaltyGrid.Cli.Bench;

/// <summary>The <c>--json</c> file of a bench run: what ran, where, and its results.</summary>
public sealed record BenchReport(string Command, DateTimeOffset StartedAt, MachineInfo Machine, IReadOnlyList<object> Results)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web) { WriteIndented = true };

    public static async Task WriteAsync(string? path, string command, DateTimeOffset startedAt, IReadOnlyList<object> results)
    {
        if (string.IsNullOrEmpty(path))
        {
            return;
        }

        var report = new BenchReport(command, startedAt, MachineInfo.Current(), results);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(report, Json));
    }
}

public sealed record MachineInfo(int ProcessorCount, string Os, string Runtime, string MachineName)
{
    public static MachineInfo Current() =>
        new(Environment.ProcessorCount, RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription, Environment.MachineName);
}
