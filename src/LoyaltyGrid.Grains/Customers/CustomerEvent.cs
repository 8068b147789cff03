using System.Text.Json;
using System.Text.Json.Serialization;
using LoyaltyGrid.Domain.Campaigns;
using LoyaltyGrid.Domain.Customers;
using LoyaltyGrid.Grains.Campaigns;
using LoyaltyGrid.Grains.Journaling;

namespace LoyaltyGrid.Grains.Customers;

/// <summary>
/// The journal payload of one accepted customer event: the command as it arrived (replay runs
/// it again, as of the acceptance time, to rebuild the account), its fingerprint and the receipt
/// the caller got (a retry is answered from these), and what the grain decided for others: KPI
/// changes, a referral award owed, a session that converted.
/// </summary>
public sealed record CustomerEvent : JournaledEvent
{
    public string Fingerprint { get; init; } = "";

    public JsonElement Command { get; init; }

    public JsonElement Receipt { get; init; }

    /// <summary>Owed to the referrer; the referral-award projection delivers it.</summary>
    public ReferralAward? Award { get; init; }

    /// <summary>
    /// The campaign catalog revision a purchase earned by, when any of its campaigns applied:
    /// replay decides with the campaigns as of that revision (kept for good), never with today's.
    /// Absent: none applied.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? CampaignRevision { get; init; }

    /// <summary>
    /// The versions of the campaigns that applied, as purchases journaled them between migrations
    /// 0043 and 0044; read for those entries, never written.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<CampaignVersion>? CampaignVersions { get; init; }

    /// <summary>
    /// The full terms that applied, as purchases journaled them before campaign versions existed
    /// (migration 0043); read for those entries, never written.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Campaign>? Campaigns { get; init; }

    /// <summary>The purchase carried a session; the session-conversion projection tells the session.</summary>
    public SessionConversion? Conversion { get; init; }

    /// <summary>
    /// The sentiment label of the event's text as it was accepted: replay hands it back to the decider
    /// instead of labelling again, so a later lexicon, or erasure of the text, never changes it.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Sentiment { get; init; }
    /// <summary>The purchase carried no session; the attribution projection counts it under <c>direct</c>.</summary>
    public DirectOrder? Direct { get; init; }

    public static CustomerEvent Parse(string payload) =>
        JsonSerializer.Deserialize<CustomerEvent>(payload, Json) ?? throw new InvalidDataException("A customer event's payload is empty.");

    /// <summary>
    /// Only what the event owes other grains. The delivery projections read every purchase for
    /// these two properties; materializing the whole event (command, receipt, ~70 KPI changes)
    /// for them was a measurable share of a purchase's CPU, so the rest is skipped unread.
    /// </summary>
    public static OwedMessages MessagesOf(string payload) =>
        JsonSerializer.Deserialize<OwedMessages>(payload, Json) ?? throw new InvalidDataException("A customer event's payload is empty.");

    /// <summary>Only the purchase's <see cref="Direct"/> order, for the attribution projection; the rest is skipped unread.</summary>
    public static DirectOrder? DirectOf(string payload) =>
        JsonSerializer.Deserialize<DirectOnly>(payload, Json)?.Direct;

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

internal sealed record DirectOnly(DirectOrder? Direct);

/// <summary>What a <see cref="CustomerEvent"/> owes other grains, read without the rest of it.</summary>
public sealed record OwedMessages(ReferralAward? Award, SessionConversion? Conversion);

/// <summary>
/// A purchase that carried <paramref name="SessionId"/>, for the session's convertedSessions count
/// and its attribution: <paramref name="OrderId"/> and <paramref name="Amount"/> (reporting
/// currency) are null in entries journaled before attribution.
/// </summary>
public sealed record SessionConversion(string Storefront, string SessionId, string Market, DateTimeOffset PurchasedAt, string? OrderId = null, decimal? Amount = null);

/// <summary>A purchase without a session, which attribution counts under the channel <c>direct</c>; <paramref name="Amount"/> in the reporting currency.</summary>
public sealed record DirectOrder(string Storefront, string Market, DateTimeOffset OccurredAt, decimal Amount);
