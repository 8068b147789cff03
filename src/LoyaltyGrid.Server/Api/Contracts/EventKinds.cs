namespace LoyaltyGrid.Server.Api.Contracts;

/// <summary>
/// The API's names for the kinds of storefront event: the <c>type</c> of a batch entry and the
/// <c>type</c> label of the event metrics. They are wire names, kept apart from the journal's
/// entry types (CustomerEventTypes, SessionEventTypes) so either can change without the other.
/// </summary>
public static class EventKinds
{
    public const string Purchase = "purchase";
    public const string Refund = "refund";
    public const string Visit = "visit";
    public const string Complaint = "complaint";
    public const string ComplaintResponse = "complaint_response";
    public const string ComplaintResolution = "complaint_resolution";
    public const string Review = "review";
    public const string Survey = "survey";
    public const string Referral = "referral";
    public const string Redemption = "redemption";

    /// <summary>The kinds an <c>/events:batch</c> entry may be, in the order api.md lists them (survey added last).</summary>
    public static IReadOnlyList<string> InBatch { get; } = [Purchase, Refund, Visit, Complaint, Review, Referral, Survey];
}
