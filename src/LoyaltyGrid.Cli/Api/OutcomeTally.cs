using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;

namespace LoyaltyGrid.Cli.Api;

/// <summary>
/// Counts what the server said about events: accepted, duplicates, and rejections grouped by
/// status and problem (type, then detail or the names of the bad fields), plus transport errors.
/// Safe to use from many senders at once.
/// </summary>
public sealed class OutcomeTally
{
    private readonly ConcurrentDictionary<string, long> _rejections = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _errors = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _okByKind = new(StringComparer.Ordinal);
    private long _accepted;
    private long _duplicates;
    private long _rejected;
    private long _serverErrors;
    private long _transportErrors;

    public long Accepted => Interlocked.Read(ref _accepted);

    public long Duplicates => Interlocked.Read(ref _duplicates);

    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>Answers with a 5xx status, whether for a whole request or for one event of a batch.</summary>
    public long ServerErrors => Interlocked.Read(ref _serverErrors);

    public long TransportErrors => Interlocked.Read(ref _transportErrors);

    public long Total => Accepted + Duplicates + Rejected + TransportErrors;

    public IReadOnlyDictionary<string, long> Rejections => _rejections;

    public IReadOnlyDictionary<string, long> Errors => _errors;

    /// <summary>Successful answers (accepted or duplicate) by event kind.</summary>
    public IReadOnlyDictionary<string, long> SucceededByKind => _okByKind;

    /// <summary>Counts one event's outcome; <paramref name="problemOrBody"/> is the problem for 4xx/5xx, the body for 2xx.</summary>
    public void Count(string kind, int status, JsonElement? problemOrBody)
    {
        if (status is >= 200 and < 300)
        {
            var duplicate = problemOrBody is { ValueKind: JsonValueKind.Object } body
                && body.TryGetProperty("duplicate", out var flag) && flag.ValueKind == JsonValueKind.True;
            Interlocked.Increment(ref duplicate ? ref _duplicates : ref _accepted);
            _okByKind.AddOrUpdate(kind, 1, (_, count) => count + 1);
            return;
        }

        if (status >= 500)
        {
            Interlocked.Increment(ref _serverErrors);
        }

        Interlocked.Increment(ref _rejected);
        _rejections.AddOrUpdate(Reason(kind, status, problemOrBody), 1, (_, count) => count + 1);
    }

    public void CountTransportError(string kind, string error)
    {
        Interlocked.Increment(ref _transportErrors);
        _errors.AddOrUpdate($"{kind}: {error}", 1, (_, count) => count + 1);
    }

    /// <summary>One line per kind of rejection, most frequent first.</summary>
    public IEnumerable<string> DescribeRejections(int limit = 20) =>
        _rejections.OrderByDescending(pair => pair.Value).ThenBy(pair => pair.Key, StringComparer.Ordinal).Take(limit)
            .Select(pair => string.Create(CultureInfo.InvariantCulture, $"{pair.Value,9:N0}  {pair.Key}"));

    public IEnumerable<string> DescribeErrors(int limit = 10) =>
        _errors.OrderByDescending(pair => pair.Value).Take(limit)
            .Select(pair => string.Create(CultureInfo.InvariantCulture, $"{pair.Value,9:N0}  {pair.Key}"));

    /// <summary>The reason a problem is grouped under: status, problem type, and the detail or the names of the bad fields.</summary>
    public static string Reason(string kind, int status, JsonElement? problem)
    {
        var type = "";
        var detail = "";
        if (problem is { ValueKind: JsonValueKind.Object } body)
        {
            type = body.TryGetProperty("type", out var t) ? t.GetString() ?? "" : "";
            if (body.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
            {
                detail = string.Join("; ", errors.EnumerateObject().Select(error =>
                    $"{error.Name}: {string.Join(", ", error.Value.ValueKind == JsonValueKind.Array ? error.Value.EnumerateArray().Select(message => message.ToString()) : [error.Value.ToString()])}"));
            }
            else if (body.TryGetProperty("detail", out var d))
            {
                detail = d.GetString() ?? "";
            }
            else if (body.TryGetProperty("title", out var title))
            {
                detail = title.GetString() ?? "";
            }
        }

        return $"{kind} {status} {type} {detail}".TrimEnd();
    }
}
