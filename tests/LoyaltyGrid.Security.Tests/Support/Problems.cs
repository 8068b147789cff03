using System.Text.Json;
using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Security.Tests.Support;

/// <summary>RFC 9457 checks for answers that refuse a request.</summary>
public static class Problems
{
    /// <summary>
    /// Null when <paramref name="reply"/> is a 4xx <c>application/problem+json</c> whose body has a
    /// type, a title and the same status (and, for 400, an <c>errors</c> object naming fields);
    /// otherwise what is wrong with it.
    /// </summary>
    public static string? Check4xx(Reply reply, string path)
    {
        if (IsProtocolRefusal(reply, path))
        {
            return null;
        }

        if (reply.Code is < 400 or > 499)
        {
            return $"expected a 4xx, got {reply}";
        }

        if (reply.MediaType != "application/problem+json")
        {
            return $"expected application/problem+json, got {reply}";
        }

        JsonElement problem;
        try
        {
            problem = reply.Json;
        }
        catch (JsonException)
        {
            return $"the problem is not JSON: {reply}";
        }

        return CheckBody(problem, reply.Code) is { } wrong ? $"{wrong}: {reply}" : null;
    }

    /// <summary>
    /// Kestrel refuses requests that are not valid HTTP before any application code runs, with an
    /// empty 400 (a NUL byte in the decoded path) or 414 (a request line over its 8 KB limit);
    /// no middleware can answer those, so they are the one refusal without a problem body.
    /// </summary>
    public static bool IsProtocolRefusal(Reply reply, string path) =>
        reply.Body.Length == 0
        && ((reply.Code == 400 && path.Contains("%00", StringComparison.Ordinal))
            || (reply.Code == 414 && path.Length > 8 * 1024));

    /// <summary>The fields RFC 9457 and api.md require of a problem body with this status.</summary>
    public static string? CheckBody(JsonElement problem, int status)
    {
        if (problem.ValueKind != JsonValueKind.Object)
        {
            return "the problem is not an object";
        }

        if (!problem.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(type.GetString()))
        {
            return "the problem has no type";
        }

        if (!problem.TryGetProperty("title", out var title) || title.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(title.GetString()))
        {
            return "the problem has no title";
        }

        if (!problem.TryGetProperty("status", out var code) || code.ValueKind != JsonValueKind.Number || code.GetInt32() != status)
        {
            return "the problem's status is not the response's";
        }

        if (status == 400 && (!problem.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Object || !errors.EnumerateObject().Any()))
        {
            return "a 400 problem names no bad field in errors";
        }

        return problem.GetRawText().Contains("   at ", StringComparison.Ordinal) ? "the problem shows a stack trace" : null;
    }
}
