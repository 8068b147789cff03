namespace LoyaltyGrid.Grains.Journaling;

/// <summary>
/// The journal's stream key of each grain that owns a stream. The prefix keeps customers and
/// sessions apart however their ids are spelt, and lets SQL tell them apart.
/// </summary>
public static class StreamKeys
{
    public const string CustomerPrefix = "c:";
    public const string SessionPrefix = "s:";

    /// <summary>A survey answer without a customer: one stream per (storefront, responseId).</summary>
    public const string SurveyPrefix = "v:";

    /// <summary>An alert rule's firings and resolutions: one stream per rule name.</summary>
    public const string AlertPrefix = "a:";

    public static string Customer(string customerId) => CustomerPrefix + customerId;

    /// <summary><paramref name="sessionKey"/> is the session grain's key, <c>{storefront}/{sessionId}</c>.</summary>
    public static string Session(string sessionKey) => SessionPrefix + sessionKey;

    /// <summary><paramref name="surveyKey"/> is the anonymous survey grain's key, <c>{storefront}/{responseId}</c>.</summary>
    public static string Survey(string surveyKey) => SurveyPrefix + surveyKey;

    public static string Alert(string rule) => AlertPrefix + rule;

    public static string? CustomerIdOf(string stream) =>
        stream.StartsWith(CustomerPrefix, StringComparison.Ordinal) ? stream[CustomerPrefix.Length..] : null;

    public static string? SessionKeyOf(string stream) =>
        stream.StartsWith(SessionPrefix, StringComparison.Ordinal) ? stream[SessionPrefix.Length..] : null;
}
