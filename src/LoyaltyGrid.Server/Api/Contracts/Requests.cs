using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using LoyaltyGrid.Domain.Complaints;
using LoyaltyGrid.Domain.Surveys;
using LoyaltyGrid.Server.Api.Json;
using LoyaltyGrid.Server.Api.Validation;

namespace LoyaltyGrid.Server.Api.Contracts;

// Request bodies of api.md. Each reads and checks itself (RequestReader), which is what the API
// enforces; the attributes only describe the same rules in the OpenAPI document.

public sealed record PurchaseRequest(
    [property: Required, RegularExpression(Ids.Pattern)] string OrderId,
    [property: Required, RegularExpression(Ids.Pattern)] string CustomerId,
    [property: Required, Description("Greater than 0, in `currency`: at most 2 decimals, none in a currency without a minor unit (JPY).")] decimal Amount,
    [property: Required, RegularExpression("^[A-Z]{3}$"), Description("ISO 4217; unknown to the programme's rate table → 422.")] string Currency,
    [property: Required, RegularExpression("^[A-Z]{2}$"), Description("Assigned ISO 3166-1 alpha-2 code.")] string Market,
    [property: Required, Description("ISO-8601 with offset.")] DateTimeOffset OccurredAt,
    [property: RegularExpression(Ids.Pattern)] string? SessionId = null,
    [property: MaxLength(PurchaseRequest.MaxItems)] IReadOnlyList<OrderItemRequest>? Items = null)
    : IJsonRequest<PurchaseRequest>
{
    public const int MaxItems = 1000;

    public static PurchaseRequest Read(RequestReader reader)
    {
        // The currency decides how many decimals the amounts may have.
        var currency = reader.Currency("currency");
        return new(
            reader.Id("orderId"),
            reader.Id("customerId"),
            reader.Amount("amount", currency),
            currency,
            reader.Market("market"),
            reader.Instant("occurredAt"),
            reader.OptionalId("sessionId"),
            reader.OptionalArray("items", MaxItems, item => OrderItemRequest.Read(item, currency)));
    }
}

public sealed record OrderItemRequest(
    [property: Required, MaxLength(OrderItemRequest.MaxTextLength)] string Sku,
    [property: Required, Range(1, int.MaxValue)] int Quantity,
    [property: Required, Description("At least 0, in the purchase's `currency`, with its decimals.")] decimal UnitPrice,
    [property: MaxLength(OrderItemRequest.MaxTextLength)] string? Category = null)
{
    public const int MaxTextLength = 128;

    public static OrderItemRequest Read(RequestReader reader, string? currency) => new(
        reader.Text("sku", MaxTextLength),
        reader.PositiveInteger("quantity"),
        reader.Amount("unitPrice", currency, allowZero: true),
        reader.OptionalText("category", MaxTextLength));
}

public sealed record RefundRequest(
    [property: Required, RegularExpression(Ids.Pattern)] string RefundId,
    [property: Required, RegularExpression(Ids.Pattern)] string OrderId,
    [property: Required, RegularExpression(Ids.Pattern)] string CustomerId,
    [property: Required, Description("Greater than 0, in the order's currency: at most 2 decimals, none when that currency has no minor unit (JPY).")] decimal Amount,
    [property: Required, Description("ISO-8601 with offset.")] DateTimeOffset OccurredAt)
    : IJsonRequest<RefundRequest>
{
    public static RefundRequest Read(RequestReader reader) => new(
        reader.Id("refundId"),
        reader.Id("orderId"),
        reader.Id("customerId"),
        reader.Amount("amount"),
        reader.Instant("occurredAt"));
}

public sealed record VisitRequest(
    [property: Required, RegularExpression(Ids.Pattern)] string SessionId,
    [property: Required, RegularExpression("^[A-Z]{2}$")] string Market,
    [property: Required, Description("ISO-8601 with offset.")] DateTimeOffset OccurredAt,
    [property: RegularExpression(Ids.Pattern)] string? CustomerId = null,
    [property: RegularExpression(Ids.Pattern), Description("Compared case-insensitively, reported lower-case; the earliest visit carrying one fixes the session's.")] string? Channel = null,
    [property: RegularExpression(Ids.Pattern), Description("Compared case-insensitively, reported lower-case; the earliest visit carrying one fixes the session's.")] string? Campaign = null,
    [property: RegularExpression(Ids.Pattern), Description("Requires `variant`; the earliest visit carrying the experiment fixes the session's variant in it.")] string? Experiment = null,
    [property: RegularExpression(Ids.Pattern), Description("Required with `experiment`, not allowed without it.")] string? Variant = null)
    : IJsonRequest<VisitRequest>
{
    public static VisitRequest Read(RequestReader reader)
    {
        var request = new VisitRequest(
            reader.Id("sessionId"),
            reader.Market("market"),
            reader.Instant("occurredAt"),
            reader.OptionalId("customerId"),
            reader.OptionalId("channel")?.ToLowerInvariant(),
            reader.OptionalId("campaign")?.ToLowerInvariant(),
            reader.OptionalId("experiment")?.ToLowerInvariant(),
            reader.OptionalId("variant")?.ToLowerInvariant());
        // An assignment is a pair: a variant of no experiment, or an experiment without its variant, would be counted nowhere.
        if (request.Experiment is not null && request.Variant is null)
        {
            reader.AddError("variant", "is required with experiment");
        }
        else if (request.Variant is not null && request.Experiment is null)
        {
            reader.AddError("experiment", "is required with variant");
        }

        return request;
    }
}

public sealed record ComplaintRequest(
    [property: Required, RegularExpression(Ids.Pattern)] string ComplaintId,
    [property: Required, RegularExpression(Ids.Pattern)] string CustomerId,
    [property: Required, Description("logistics, quality, not-as-described, return-refund, payment or service.")] string Category,
    [property: Required, Description("ISO-8601 with offset.")] DateTimeOffset OccurredAt,
    [property: RegularExpression(Ids.Pattern)] string? OrderId = null,
    [property: MaxLength(ComplaintRequest.MaxNoteLength)] string? Note = null)
    : IJsonRequest<ComplaintRequest>
{
    public const int MaxNoteLength = 2000;

    public static readonly IReadOnlyCollection<string> Categories =
        Enum.GetValues<ComplaintCategory>().Select(category => category.ToApiName()).ToArray();

    public static ComplaintRequest Read(RequestReader reader) => new(
        reader.Id("complaintId"),
        reader.Id("customerId"),
        reader.OneOf("category", Categories),
        reader.Instant("occurredAt"),
        reader.OptionalId("orderId"),
        reader.OptionalText("note", MaxNoteLength, allowLineBreaks: true));
}

/// <summary>The body of a complaint's first response and of its resolution.</summary>
public sealed record ComplaintProgressRequest(
    [property: Required, RegularExpression(Ids.Pattern)] string CustomerId,
    [property: Required, Description("ISO-8601 with offset.")] DateTimeOffset OccurredAt)
    : IJsonRequest<ComplaintProgressRequest>
{
    public static ComplaintProgressRequest Read(RequestReader reader) => new(
        reader.Id("customerId"),
        reader.Instant("occurredAt"));
}

public sealed record ReviewRequest(
    [property: Required, RegularExpression(Ids.Pattern)] string ReviewId,
    [property: Required, RegularExpression(Ids.Pattern)] string CustomerId,
    [property: Required, RegularExpression(Ids.Pattern)] string OrderId,
    [property: Required, Range(1, 5)] int Rating,
    [property: Required, Description("ISO-8601 with offset.")] DateTimeOffset OccurredAt,
    [property: MaxLength(ReviewRequest.MaxTextLength)] string? Text = null)
    : IJsonRequest<ReviewRequest>
{
    public const int MaxTextLength = 5000;

    public static ReviewRequest Read(RequestReader reader) => new(
        reader.Id("reviewId"),
        reader.Id("customerId"),
        reader.Id("orderId"),
        reader.Integer("rating", 1, 5),
        reader.Instant("occurredAt"),
        reader.OptionalText("text", MaxTextLength, allowLineBreaks: true));
}

public sealed record SurveyRequest(
    [property: Required, RegularExpression(Ids.Pattern)] string ResponseId,
    [property: Required, Description("nps or csat.")] string Kind,
    [property: Required, Description("An integer: 0–10 for nps, 1–5 for csat.")] int Score,
    [property: Required, Description("ISO-8601 with offset.")] DateTimeOffset OccurredAt,
    [property: RegularExpression(Ids.Pattern), Description("With it the answer is that customer's personal data, erased with the customer.")] string? CustomerId = null,
    [property: RegularExpression(Ids.Pattern)] string? OrderId = null,
    [property: MaxLength(SurveyRequest.MaxCommentLength), Description("Any language; labelled positive, neutral or negative.")] string? Comment = null)
    : IJsonRequest<SurveyRequest>
{
    public const int MaxCommentLength = 2000;

    public static readonly IReadOnlyCollection<string> Kinds = Enum.GetValues<SurveyKind>().Select(kind => kind.ToApiName()).ToArray();

    public static SurveyRequest Read(RequestReader reader)
    {
        var responseId = reader.Id("responseId");
        var kind = reader.OneOf("kind", Kinds);
        // The range is the kind's; without a known kind the score is checked against the widest one.
        var (min, max) = SurveyRules.TryParse(kind, out var known) ? SurveyRules.ScoreRange(known) : (0, 10);
        return new(
            responseId,
            kind,
            reader.Integer("score", min, max),
            reader.Instant("occurredAt"),
            reader.OptionalId("customerId"),
            reader.OptionalId("orderId"),
            reader.OptionalText("comment", MaxCommentLength, allowLineBreaks: true));
    }
}

public sealed record ReferralRequest(
    [property: Required, RegularExpression(Ids.Pattern)] string ReferralId,
    [property: Required, RegularExpression(Ids.Pattern)] string ReferrerId,
    [property: Required, RegularExpression(Ids.Pattern)] string RefereeId,
    [property: Required, Description("ISO-8601 with offset.")] DateTimeOffset OccurredAt)
    : IJsonRequest<ReferralRequest>
{
    public static ReferralRequest Read(RequestReader reader) => new(
        reader.Id("referralId"),
        reader.Id("referrerId"),
        reader.Id("refereeId"),
        reader.Instant("occurredAt"));
}

public sealed record RedemptionRequest(
    [property: Required, RegularExpression(Ids.Pattern)] string RedemptionId,
    [property: Required, Range(1, long.MaxValue)] long Points)
    : IJsonRequest<RedemptionRequest>
{
    public static RedemptionRequest Read(RequestReader reader) => new(
        reader.Id("redemptionId"),
        reader.Points("points"));
}

public sealed record RewardRequest(
    [property: Required, MinLength(1), MaxLength(RewardRequest.MaxNameLength)] string Name,
    [property: Required, Range(1, long.MaxValue)] long PointsCost,
    [property: Required, Description("Greater than 0, in `currency`, with its decimals.")] decimal Value,
    [property: Required, RegularExpression("^[A-Z]{3}$"), Description("ISO 4217; unknown to the programme's rate table → 422.")] string Currency,
    [property: Required, Range(1, RewardRequest.MaxValidDays)] int ValidDays,
    [property: Range(0, long.MaxValue), Description("Units still available; absent or null = unlimited. Setting it replaces what is left.")] long? Stock,
    [property: Required] bool Active)
    : IJsonRequest<RewardRequest>
{
    public const int MaxNameLength = 200;

    /// <summary>About a hundred years: longer is a mistake, and it keeps expiry instants representable.</summary>
    public const int MaxValidDays = 36_500;

    public static RewardRequest Read(RequestReader reader)
    {
        var name = reader.Text("name", MaxNameLength);
        // Customers choose rewards by name: one without a name is a mistake, as for campaigns. A name
        // refused already (too long, not text) also comes back empty and needs no second message.
        if (name.Length == 0 && reader.Has("name") && !reader.Errors().ContainsKey("name"))
        {
            reader.AddError("name", "must not be empty");
        }

        var pointsCost = reader.Points("pointsCost");
        var currency = reader.Currency("currency");
        return new(
            name,
            pointsCost,
            reader.Amount("value", currency),
            currency,
            reader.Integer("validDays", 1, MaxValidDays),
            reader.OptionalCount("stock"),
            reader.Boolean("active"));
    }
}

public sealed record ClaimRequest(
    [property: Required, RegularExpression(Ids.Pattern)] string ClaimId,
    [property: Required, RegularExpression(Ids.Pattern)] string RewardId)
    : IJsonRequest<ClaimRequest>
{
    public static ClaimRequest Read(RequestReader reader) => new(reader.Id("claimId"), reader.Id("rewardId"));
}

public sealed record CouponRedemptionRequest(
    [property: Required, RegularExpression(Ids.Pattern)] string OrderId)
    : IJsonRequest<CouponRedemptionRequest>
{
    public static CouponRedemptionRequest Read(RequestReader reader) => new(reader.Id("orderId"));
}
