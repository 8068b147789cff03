using LoyaltyGrid.Cli.Terminal;

namespace LoyaltyGrid.Cli.Tests;

/// <summary>The live table a bench draws on a terminal: redrawn while figures change, left showing the last ones.</summary>
public sealed class LiveTableTests
{
    [Fact]
    public async Task The_table_is_redrawn_while_the_run_lasts_and_ends_with_the_final_figures()
    {
        using var output = new StringWriter();
        long done = 0;

        await using (new LiveTable(output, "bench purchases", () =>
            [new Figure("requests answered", Interlocked.Read(ref done).ToString(System.Globalization.CultureInfo.InvariantCulture)), new Figure("failed", "0")]))
        {
            for (var step = 0; step < 4; step++)
            {
                Interlocked.Add(ref done, 10);
                await Task.Delay(300);
            }
        }

        var text = output.ToString();
        Assert.Contains("bench purchases", text, StringComparison.Ordinal);
        Assert.Contains("requests answered", text, StringComparison.Ordinal);
        Assert.Contains("so far", text, StringComparison.Ordinal);
        // Drawn more than once, the last time with the final count.
        Assert.True(text.Split("requests answered").Length > 2, text);
        var last = text[text.LastIndexOf("requests answered", StringComparison.Ordinal)..];
        Assert.Contains("40", last, StringComparison.Ordinal);
    }
}
