using System.Diagnostics;
using System.Globalization;

namespace LoyaltyGrid.Cli.Terminal;

/// <summary>
/// A progress bar with rate and ETA on standard error, redrawn in place on a terminal; when
/// standard error is a file or a pipe, a plain line every few seconds instead, so logs stay readable.
/// </summary>
public sealed class ProgressReporter : IAsyncDisposable
{
    private const int BarWidth = 30;
    private readonly TextWriter _error;
    private readonly Func<ProgressSnapshot> _read;
    private readonly bool _inPlace;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public ProgressReporter(TextWriter error, Func<ProgressSnapshot> read, bool? inPlace = null, TimeSpan? lineInterval = null)
    {
        _error = error;
        _read = read;
        _inPlace = inPlace ?? (ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected);
        _loop = RunAsync(_inPlace ? TimeSpan.FromMilliseconds(250) : lineInterval ?? TimeSpan.FromSeconds(5));
    }

    public TimeSpan Elapsed => _clock.Elapsed;

    private async Task RunAsync(TimeSpan interval)
    {
        try
        {
            using var timer = new PeriodicTimer(interval);
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                Draw(final: false);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    private void Draw(bool final)
    {
        var snapshot = _read();
        var seconds = Math.Max(_clock.Elapsed.TotalSeconds, 0.001);
        var rate = snapshot.Done / seconds;
        var fraction = snapshot.Fraction;
        var eta = fraction is > 0 and < 1 ? TimeSpan.FromSeconds(seconds * (1 - fraction.Value) / fraction.Value) : (TimeSpan?)null;
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{snapshot.Done,10:N0} {snapshot.Unit}  {rate,8:N0}/s  elapsed {Format(_clock.Elapsed)}  ETA {(eta is { } left ? Format(left) : "--:--")}  {snapshot.Extra}");
        if (_inPlace)
        {
            var filled = fraction is { } f ? (int)Math.Round(Math.Clamp(f, 0, 1) * BarWidth) : 0;
            var bar = fraction is null ? "" : string.Create(CultureInfo.InvariantCulture, $"[{new string('#', filled)}{new string('.', BarWidth - filled)}] {fraction * 100,5:F1}% ");
            _error.Write($"\r{bar}{text}\u001b[K");
            if (final)
            {
                _error.WriteLine();
            }
        }
        else
        {
            var percent = fraction is { } f ? string.Create(CultureInfo.InvariantCulture, $"{f * 100,5:F1}% ") : "";
            _error.WriteLine($"progress: {percent}{text.Trim()}");
        }

        _error.Flush();
    }

    private static string Format(TimeSpan span) =>
        span.TotalHours >= 1 ? span.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : span.ToString(@"mm\:ss", CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        Draw(final: true);
        _stop.Dispose();
    }
}

/// <summary>How far a run is: units done, the fraction of the whole when known, and a short extra text.</summary>
public sealed record ProgressSnapshot(long Done, string Unit, double? Fraction, string Extra);
