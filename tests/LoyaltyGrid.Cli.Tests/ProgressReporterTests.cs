using LoyaltyGrid.Cli.Terminal;

namespace LoyaltyGrid.Cli.Tests;

/// <summary>Both faces of the progress display: Spectre's bar, and plain lines for logs.</summary>
public sealed class ProgressReporterTests
{
    [Fact]
    public async Task The_bar_redraws_while_work_goes_on_and_ends_with_the_final_figures()
    {
        using var error = new StringWriter();
        long done = 0;

        await using (new ProgressReporter(error, () => new ProgressSnapshot(Interlocked.Read(ref done), "events", Interlocked.Read(ref done) / 40.0, "accepted"), inPlace: true))
        {
            for (var step = 0; step < 4; step++)
            {
                Interlocked.Add(ref done, 10);
                await Task.Delay(150);
            }
        }

        var text = error.ToString();
        Assert.Contains("40 events", text, StringComparison.Ordinal);
        Assert.Contains("100%", text, StringComparison.Ordinal);
        Assert.DoesNotContain("progress:", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Off_a_terminal_progress_is_plain_lines_without_escape_codes()
    {
        using var error = new StringWriter();

        await using (new ProgressReporter(error, () => new ProgressSnapshot(7, "customers", 0.5, ""), inPlace: false, lineInterval: TimeSpan.FromMilliseconds(100)))
        {
            await Task.Delay(350);
        }

        var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length >= 2, error.ToString());
        Assert.All(lines, line => Assert.StartsWith("progress:  50.0% 7 customers", line, StringComparison.Ordinal));
        Assert.DoesNotContain('\u001b', error.ToString());
    }
}
