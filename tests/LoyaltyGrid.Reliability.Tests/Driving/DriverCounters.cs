using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace LoyaltyGrid.Reliability.Tests.Driving;

/// <summary>What the driver saw on the wire, counted across threads.</summary>
public sealed class DriverCounters
{
    private readonly ConcurrentDictionary<string, int> _answers = new();
    private long _sent;
    private long _attempts;
    private long _acknowledged;
    private long _refused;
    private long _unresolved;
    private long _timedOut;
    private long _longestTicks;

    public long Sent => Interlocked.Read(ref _sent);

    public long Attempts => Interlocked.Read(ref _attempts);

    /// <summary>Attempts beyond the first of each event: same id, same content, usually another server.</summary>
    public long Retried => Attempts - Sent;

    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    public long Refused => Interlocked.Read(ref _refused);

    public long Unresolved => Interlocked.Read(ref _unresolved);

    /// <summary>Attempts that got no answer at all within the client's timeout.</summary>
    public long TimedOut => Interlocked.Read(ref _timedOut);

    public TimeSpan LongestAttempt => TimeSpan.FromTicks(Interlocked.Read(ref _longestTicks));

    /// <summary>How often each answer came ("200", "503", "connection refused", ...).</summary>
    public IReadOnlyDictionary<string, int> Answers => _answers;

    public int AnswersWith(int status) => _answers.GetValueOrDefault(status.ToString(CultureInfo.InvariantCulture));

    internal void CountSent() => Interlocked.Increment(ref _sent);

    internal void CountAttempt(string answer, TimeSpan took)
    {
        Interlocked.Increment(ref _attempts);
        _answers.AddOrUpdate(answer, 1, (_, count) => count + 1);
        var ticks = took.Ticks;
        long longest;
        while (ticks > (longest = Interlocked.Read(ref _longestTicks)) && Interlocked.CompareExchange(ref _longestTicks, ticks, longest) != longest)
        {
        }
    }

    /// <summary>Something worth reporting about an answer that is not an attempt of its own.</summary>
    internal void CountNote(string note) => _answers.AddOrUpdate(note, 1, (_, count) => count + 1);

    internal void CountTimeout() => Interlocked.Increment(ref _timedOut);

    internal void CountVerdict(Verdict verdict)
    {
        switch (verdict)
        {
            case Verdict.Acknowledged:
                Interlocked.Increment(ref _acknowledged);
                break;
            case Verdict.Refused:
                Interlocked.Increment(ref _refused);
                break;
            default:
                Interlocked.Increment(ref _unresolved);
                break;
        }
    }

    public string DescribeAnswers()
    {
        var text = new StringBuilder();
        foreach (var (answer, count) in _answers.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"{answer}={count} ");
        }

        return text.ToString().TrimEnd();
    }
}
