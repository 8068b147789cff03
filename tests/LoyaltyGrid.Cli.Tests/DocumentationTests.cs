using System.Text.RegularExpressions;

namespace LoyaltyGrid.Cli.Tests;

/// <summary>The examples of docs/cli.md that need no server are what the tool prints, word for word.</summary>
public sealed partial class DocumentationTests
{
    [Fact]
    public async Task The_documented_help_is_how_the_tools_help_begins()
    {
        var documented = BlockAfter("`loyaltygrid --help` begins:");

        var (exitCode, output, _) = await Cli.RunAsync("--help");

        Assert.Equal(0, exitCode);
        Assert.StartsWith(documented, Normalise(output), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_documented_refusal_is_what_the_tool_says()
    {
        var block = BlockAfter("on standard error:").Split('\n');
        var command = block[0]["$ loyaltygrid ".Length..].Split(' ');

        var (exitCode, output, error) = await Cli.RunAsync(command);

        Assert.Equal(2, exitCode);
        Assert.Equal("", output);
        Assert.Equal(string.Join('\n', block[1..]).TrimEnd('\n'), Normalise(error).TrimEnd('\n'));
    }

    private static string BlockAfter(string marker)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "cli.md")).ReplaceLineEndings("\n");
        var at = text.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(at >= 0, $"docs/cli.md no longer says '{marker}'");
        return CodeBlock().Match(text, at).Groups["body"].Value;
    }

    // Spectre pads lines to the console's width; the docs do not.
    private static string Normalise(string text) =>
        string.Join('\n', text.ReplaceLineEndings("\n").Split('\n').Select(line => line.TrimEnd()));

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "LoyaltyGrid.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("LoyaltyGrid.sln not found above the test assembly.");
    }

    [GeneratedRegex("```[a-z]*\\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();
}
