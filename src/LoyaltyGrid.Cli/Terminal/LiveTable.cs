using Spectre.Console;
using Spectre.Console.Rendering;

namespace LoyaltyGrid.Cli.Terminal;

/// <summary>One row of a <see cref="LiveTable"/>: what is measured, and its value so far.</summary>
public sealed record Figure(string Name, string Value);

/// <summary>
/// The running figures of a run as a Spectre table redrawn in place, for a terminal. The table
/// stays on screen when the run ends, showing the last figures, so the result line printed after
/// it reads as its summary.
/// </summary>
public sealed class LiveTable : IAsyncDisposable
{
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(250);
    private readonly Func<IReadOnlyList<Figure>> _read;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public LiveTable(TextWriter output, string title, Func<IReadOnlyList<Figure>> read)
    {
        _read = read;
        _loop = Consoles.For(output, terminal: true)
            .Live(Render(title))
            .AutoClear(false)
            .StartAsync(async context =>
            {
                try
                {
                    while (!_stop.IsCancellationRequested)
                    {
                        context.UpdateTarget(Render(title));
                        await Task.Delay(RedrawInterval, _stop.Token);
                    }
                }
                catch (OperationCanceledException)
                {
                    // Stopped: the final figures below.
                }

                context.UpdateTarget(Render(title));
            });
    }

    private IRenderable Render(string title)
    {
        var table = new Table()
            .Border(TableBorder.Rounded)
            .Title(Markup.Escape(title))
            .AddColumn("figure")
            .AddColumn(new TableColumn("so far").RightAligned());
        foreach (var figure in _read())
        {
            table.AddRow(Markup.Escape(figure.Name), Markup.Escape(figure.Value));
        }

        return table;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
