using System.Globalization;
using LoyaltyGrid.Reliability.Tests.Driving;

namespace LoyaltyGrid.Reliability.Tests.Checks;

/// <summary>
/// The one line each suite prints (key=value, space separated) so runs can be compared and
/// docs/reliability.md quoted from them; also appended to $RELIABILITY_REPORT when set.
/// </summary>
public static class RunReport
{
    public static string Line(string suite, DriverCounters counters, int lost, int doubleCounted, TimeSpan elapsed, params (string Key, object Value)[] extra)
    {
        var fields = new List<(string, object)>
        {
            ("sent", counters.Sent),
            ("acknowledged", counters.Acknowledged),
            ("refused", counters.Refused),
            ("retried", counters.Retried),
            ("unresolved", counters.Unresolved),
            ("lost", lost),
            ("double-counted", doubleCounted),
            ("timed-out", counters.TimedOut),
            ("http-500", counters.AnswersWith(500)),
            ("longest-attempt-ms", (long)counters.LongestAttempt.TotalMilliseconds),
            ("seconds", Math.Round(elapsed.TotalSeconds, 1)),
        };
        fields.AddRange(extra);
        var line = $"reliability suite={suite} " + string.Join(' ', fields.Select(field => string.Create(CultureInfo.InvariantCulture, $"{field.Item1}={field.Item2}")));
        if (Environment.GetEnvironmentVariable("RELIABILITY_REPORT") is { Length: > 0 } path)
        {
            File.AppendAllText(path, line + Environment.NewLine + $"  answers: {counters.DescribeAnswers()}" + Environment.NewLine);
        }

        return line;
    }
}
