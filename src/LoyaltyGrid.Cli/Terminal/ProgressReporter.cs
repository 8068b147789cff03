using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace LoyaltyGrid.Cli.Terminal;

/// <summary>
/// Progress on standard error while a run lasts: a Spectre progress bar with rate, elapsed and
/// remaining time on a terminal; when standard error is a file or a pipe, a plain line every few
/// seconds instead, so logs stay readable and parsable.
/// </summary>
public sealed class ProgressReporter : IAsyncDisposable
{
    private const double Scale = 1000;
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(250);
    private readonly TextWriter _error;
    private readonly Func<ProgressSnapshot> _read;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly bool _inPlace;

    public ProgressReporter(TextWriter error, Func<ProgressSnapshot> read, bool? inPlace = null, TimeSpan? lineInterval = null)
    {
        _error = error;
        _read = read;
        _inPlace = inPlace ?? Consoles.IsTerminal(error);
        _loop = _inPlace ? BarAsync() : LinesAsync(lineInterval ?? TimeSpan.FromSeconds(5));
    }

    public TimeSpan Elapsed => _clock.Elapsed;

    private Task BarAsync() =>
        Consoles.For(_error, terminal: true).Progress()
            .AutoClear(false)
            .Columns(new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn(), new TaskDescriptionColumn { Alignment = Justify.Left })
            .StartAsync(async context =>
            {
                // Spectre refuses a task without a description; the first redraw sets the real one.
                var task = context.AddTask(Markup.Escape(_read().Unit), maxValue: Scale);
                try
                {
                    while (!_stop.IsCancellationRequested)
                    {
                        Update(task);
                        await Task.Delay(RedrawInterval, _stop.Token);
                    }
                }
                catch (OperationCanceledException)
                {
                    // Stopped: the final figures below.
                }

                Update(task);
                task.StopTask();
            });

    private void Update(ProgressTask task)
    {
        var snapshot = _read();
        task.IsIndeterminate = snapshot.Fraction is null;
        task.Value = Math.Clamp(snapshot.Fraction ?? 0, 0, 1) * Scale;
        task.Description = Markup.Escape(Describe(snapshot));
    }

    private async Task LinesAsync(TimeSpan interval)
    {
        try
        {
            using var timer = new PeriodicTimer(interval);
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                WriteLine();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        WriteLine();
    }

    private void WriteLine()
    {
        var snapshot = _read();
        var fraction = snapshot.Fraction;
        var eta = fraction is > 0 and < 1 ? TimeSpan.FromSeconds(_clock.Elapsed.TotalSeconds * (1 - fraction.Value) / fraction.Value) : (TimeSpan?)null;
        var percent = fraction is { } f ? string.Create(CultureInfo.InvariantCulture, $"{f * 100,5:F1}% ") : "";
        _error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"progress: {percent}{Describe(snapshot)}  elapsed {Format(_clock.Elapsed)}  ETA {(eta is { } left ? Format(left) : "--:--")}").TrimEnd());
        _error.Flush();
    }

    private string Describe(ProgressSnapshot snapshot)
    {
        var rate = snapshot.Done / Math.Max(_clock.Elapsed.TotalSeconds, 0.001);
        return string.Create(CultureInfo.InvariantCulture, $"{snapshot.Done:N0} {snapshot.Unit}  {rate:N0}/s  {snapshot.Extra}").TrimEnd();
    }

    private static string Format(TimeSpan span) =>
        span.TotalHours >= 1 ? span.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : span.ToString(@"mm\:ss", CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}

/// <summary>How far a run is: units done, the fraction of the whole when known, and a short extra text.</summary>
public sealed record ProgressSnapshot(long Done, string Unit, double? Fraction, string Extra);
