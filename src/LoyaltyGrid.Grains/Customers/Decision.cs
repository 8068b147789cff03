using LoyaltyGrid.Domain.Customers;
using LoyaltyGrid.Domain.Kpis;
using LoyaltyGrid.Domain.Notices;

namespace LoyaltyGrid.Grains.Customers;

/// <summary>
/// What the account decided about one command: the caller's result, and when it was applied,
/// what goes into the journal beside it (for a purchase, the campaign catalog revision it earned
/// by, when any of its campaigns applied).
/// <paramref name="Sentiment"/> is the label of the event's text (a review's text, a complaint's
/// note), fixed when the event was accepted.
/// </summary>
public sealed record Decision<TReceipt>(
    EventResult<TReceipt> Result,
    IReadOnlyList<KpiDelta> Kpis,
    ReferralAward? Award = null,
    SessionConversion? Conversion = null,
    IReadOnlyList<Notice>? Notices = null,
    string? Sentiment = null,
    DirectOrder? Direct = null,
    long? CampaignRevision = null)
    where TReceipt : class
{
    public static Decision<TReceipt> Refused(EventStatus status, string problem) => new(EventResult<TReceipt>.Failed(status, problem), []);

    public static Decision<TReceipt> InvalidField(string field, string problem) => new(EventResult<TReceipt>.InvalidField(field, problem), []);
}
