namespace LoyaltyGrid.Cli.Replay;

/// <summary>Lines of a file (or of a reader, for tests), with how far through the file reading is.</summary>
public abstract class TextSource(Func<TextReader> open, Func<double> fraction) : IEventSource
{
    public double Fraction => fraction();

    public IEnumerable<ReplayEvent> Read()
    {
        using var reader = open();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            foreach (var replayEvent in ReadLine(line, lineNumber))
            {
                yield return replayEvent;
            }
        }
    }

    /// <summary>Turns one line into zero or one events; throws <see cref="FormatException"/> naming the line when it cannot.</summary>
    protected abstract IEnumerable<ReplayEvent> ReadLine(string line, int lineNumber);

    /// <summary>Opens a file and reports the share of its bytes read so far.</summary>
    public static (Func<TextReader> Open, Func<double> Fraction) File(string path)
    {
        FileStream? stream = null;
        var length = Math.Max(new FileInfo(path).Length, 1);
        return (() =>
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            return new StreamReader(stream);
        }, () =>
        {
            try
            {
                return stream is null ? 0 : Math.Min(1, (double)stream.Position / length);
            }
            catch (ObjectDisposedException)
            {
                return 1;
            }
        });
    }
}
