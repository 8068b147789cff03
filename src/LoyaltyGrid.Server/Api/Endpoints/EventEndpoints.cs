using System.Security.Claims;
using LoyaltyGrid.Domain;
using LoyaltyGrid.Grains.Customers;
using LoyaltyGrid.Grains.Surveys;
using LoyaltyGrid.Grains.Visits;
using LoyaltyGrid.Server.Api.Contracts;
using LoyaltyGrid.Server.Api.Json;
using LoyaltyGrid.Server.Api.Problems;
using LoyaltyGrid.Server.Auth;

namespace LoyaltyGrid.Server.Api.Endpoints;

/// <summary>
/// Storefront events. Each endpoint translates a checked body into a grain command carrying
/// the key's storefront, and the grain's answer into HTTP; the grains decide everything else
/// (idempotency, points, conflicts).
/// </summary>
public static class EventEndpoints
{
    public static RouteGroupBuilder MapEventEndpoints(this RouteGroupBuilder api)
    {
        var events = api.MapGroup("").RequireAuthorization(AuthPolicies.Storefront).WithTags("Storefront events");

        events.MapPost("/purchases", Purchase)
            .WithName("RecordPurchase")
            .Produces<PurchaseResponse>()
            .WithSummary("Record a purchase")
            .WithDescription("Earns points as of `occurredAt`. A 200 means the purchase is durable. Idempotent by (storefront, orderId).")
            .ProducesEventProblems(unknownCurrency: true);
        events.MapPost("/refunds", Refund)
            .WithName("RecordRefund")
            .Produces<RefundResponse>()
            .WithSummary("Refund part or all of an order")
            .WithDescription("Reverses the refunded share of the order's points. 400 naming `amount` for decimals the order's currency does not have (any in JPY); 404 for an unknown order; 409 for more than is left to refund. Idempotent by (storefront, refundId).")
            .ProducesEventProblems(notFound: true);
        events.MapPost("/visits", Visit)
            .WithName("RecordVisit")
            .Produces<VisitResponse>(StatusCodes.Status202Accepted)
            .WithSummary("Record a storefront session")
            .WithDescription("A session counts once however often it is posted.")
            .ProducesEventProblems(conflict: false);
        events.MapPost("/complaints", OpenComplaint)
            .WithName("OpenComplaint")
            .Produces<ComplaintResponse>()
            .WithSummary("Open a complaint")
            .ProducesEventProblems();
        events.MapPost("/complaints/{complaintId}/response", RespondToComplaint)
            .WithName("RecordComplaintResponse")
            .Produces<ComplaintResponse>()
            .WithSummary("Record the first response to a complaint")
            .ProducesEventProblems(notFound: true);
        events.MapPost("/complaints/{complaintId}/resolution", ResolveComplaint)
            .WithName("RecordComplaintResolution")
            .Produces<ComplaintResponse>()
            .WithSummary("Record the resolution of a complaint")
            .ProducesEventProblems(notFound: true);
        events.MapPost("/reviews", Review)
            .WithName("RecordReview")
            .Produces<ReviewResponse>()
            .WithSummary("Record a review")
            .WithDescription("The first review of a known order earns review points; later ones earn nothing.")
            .ProducesEventProblems();
        events.MapPost("/surveys", Survey)
            .WithName("RecordSurveyResponse")
            .Produces<SurveyResponse>()
            .WithSummary("Record an NPS or CSAT survey answer")
            .WithDescription("Earns no points. The comment is labelled positive, neutral or negative. With `customerId` the answer is that customer's personal data (erased with the customer); without, it is stored on its own. Idempotent by (storefront, responseId).")
            .ProducesEventProblems();
        events.MapPost("/referrals", Referral)
            .WithName("RecordReferral")
            .Produces<ReferralResponse>()
            .WithSummary("Record who referred a customer")
            .WithDescription("The referrer earns referral points when the referee's first purchase is accepted.")
            .ProducesEventProblems();
        return api;
    }

    private static Task<IResult> Purchase(JsonBody<PurchaseRequest> body, ClaimsPrincipal user, IGrainFactory grains, LoyaltyRules rules) =>
        RecordPurchase(body.Value, user.StorefrontId(), grains, rules);

    private static Task<IResult> Refund(JsonBody<RefundRequest> body, ClaimsPrincipal user, IGrainFactory grains) =>
        RecordRefund(body.Value, user.StorefrontId(), grains);

    private static Task<IResult> Visit(JsonBody<VisitRequest> body, ClaimsPrincipal user, IGrainFactory grains) =>
        RecordVisit(body.Value, user.StorefrontId(), grains);

    private static Task<IResult> OpenComplaint(JsonBody<ComplaintRequest> body, ClaimsPrincipal user, IGrainFactory grains) =>
        RecordComplaint(body.Value, user.StorefrontId(), grains);

    private static Task<IResult> Review(JsonBody<ReviewRequest> body, ClaimsPrincipal user, IGrainFactory grains) =>
        RecordReview(body.Value, user.StorefrontId(), grains);

    private static Task<IResult> Survey(JsonBody<SurveyRequest> body, ClaimsPrincipal user, IGrainFactory grains) =>
        RecordSurvey(body.Value, user.StorefrontId(), grains);

    private static Task<IResult> Referral(JsonBody<ReferralRequest> body, ClaimsPrincipal user, IGrainFactory grains) =>
        RecordReferral(body.Value, user.StorefrontId(), grains);

    private static async Task<IResult> RespondToComplaint(string complaintId, JsonBody<ComplaintProgressRequest> body, ClaimsPrincipal user, IGrainFactory grains)
    {
        var request = body.Value;
        var command = new ComplaintProgressCommand(user.StorefrontId(), complaintId, request.OccurredAt);
        var result = await grains.GetGrain<ICustomerGrain>(request.CustomerId).RecordComplaintResponse(command);
        return result.ToHttp(ComplaintResponseOf);
    }

    private static async Task<IResult> ResolveComplaint(string complaintId, JsonBody<ComplaintProgressRequest> body, ClaimsPrincipal user, IGrainFactory grains)
    {
        var request = body.Value;
        var command = new ComplaintProgressCommand(user.StorefrontId(), complaintId, request.OccurredAt);
        var result = await grains.GetGrain<ICustomerGrain>(request.CustomerId).ResolveComplaint(command);
        return result.ToHttp(ComplaintResponseOf);
    }

    // The translations below are shared by the single endpoints and the batch endpoint.

    internal static async Task<IResult> RecordPurchase(PurchaseRequest request, string storefront, IGrainFactory grains, LoyaltyRules rules)
    {
        // Checked here as well as in the grain so that an unknown currency never reaches a grain.
        if (!rules.Rates.ContainsKey(request.Currency))
        {
            return ApiProblems.UnknownCurrency(request.Currency);
        }

        var items = request.Items?.Select(item => new OrderItemData(item.Sku, item.Quantity, item.UnitPrice, item.Category)).ToList();
        var command = new PurchaseCommand(
            storefront, request.OrderId, request.Amount, request.Currency, request.Market, request.OccurredAt, request.SessionId, items);
        var result = await grains.GetGrain<ICustomerGrain>(request.CustomerId).Purchase(command);
        return result.ToHttp((receipt, duplicate) => new PurchaseResponse(
            receipt.OrderId, receipt.CustomerId, receipt.PointsEarned, receipt.Balance, receipt.Tier, duplicate, receipt.Campaigns ?? []));
    }

    internal static async Task<IResult> RecordRefund(RefundRequest request, string storefront, IGrainFactory grains)
    {
        var command = new RefundCommand(storefront, request.RefundId, request.OrderId, request.Amount, request.OccurredAt);
        var result = await grains.GetGrain<ICustomerGrain>(request.CustomerId).Refund(command);
        return result.ToHttp((receipt, duplicate) => new RefundResponse(receipt.RefundId, receipt.PointsReversed, receipt.Balance, duplicate));
    }

    internal static async Task<IResult> RecordVisit(VisitRequest request, string storefront, IGrainFactory grains)
    {
        var command = new VisitCommand(storefront, request.SessionId, request.CustomerId, request.Market, request.OccurredAt,
            request.Channel, request.Campaign, request.Experiment, request.Variant);
        var first = await grains.GetGrain<ISessionGrain>($"{storefront}/{request.SessionId}").RecordVisit(command);
        return TypedResults.Accepted((string?)null, new VisitResponse(request.SessionId, Duplicate: !first));
    }

    internal static async Task<IResult> RecordComplaint(ComplaintRequest request, string storefront, IGrainFactory grains)
    {
        var command = new ComplaintCommand(storefront, request.ComplaintId, request.OrderId, request.Category, request.OccurredAt, request.Note);
        var result = await grains.GetGrain<ICustomerGrain>(request.CustomerId).OpenComplaint(command);
        return result.ToHttp(ComplaintResponseOf);
    }

    internal static async Task<IResult> RecordReview(ReviewRequest request, string storefront, IGrainFactory grains)
    {
        var command = new ReviewCommand(storefront, request.ReviewId, request.OrderId, request.Rating, request.OccurredAt, request.Text);
        var result = await grains.GetGrain<ICustomerGrain>(request.CustomerId).Review(command);
        return result.ToHttp((receipt, duplicate) => new ReviewResponse(receipt.ReviewId, receipt.OrderId, receipt.PointsEarned, receipt.Balance, duplicate, receipt.Sentiment));
    }

    internal static async Task<IResult> RecordSurvey(SurveyRequest request, string storefront, IGrainFactory grains)
    {
        var command = new SurveyCommand(storefront, request.ResponseId, request.OrderId, request.Kind, request.Score, request.OccurredAt, request.Comment);
        var result = request.CustomerId is { } customerId
            ? await grains.GetGrain<ICustomerGrain>(customerId).AnswerSurvey(command)
            : await grains.GetGrain<IAnonymousSurveyGrain>($"{storefront}/{request.ResponseId}").Answer(command);
        return result.ToHttp((receipt, duplicate) => new SurveyResponse(receipt.ResponseId, receipt.Sentiment, duplicate));
    }

    internal static async Task<IResult> RecordReferral(ReferralRequest request, string storefront, IGrainFactory grains)
    {
        // The referee's grain decides whether and when the referrer is owed (api.md, rules.md).
        var command = new ReferralCommand(storefront, request.ReferralId, request.ReferrerId, request.OccurredAt);
        var result = await grains.GetGrain<ICustomerGrain>(request.RefereeId).RecordReferral(command);
        return result.ToHttp((receipt, duplicate) => new ReferralResponse(
            receipt.ReferralId, receipt.ReferrerId, receipt.RefereeId, receipt.Outcome, duplicate));
    }

    private static ComplaintResponse ComplaintResponseOf(ComplaintReceipt receipt, bool duplicate) =>
        new(receipt.ComplaintId, receipt.CustomerId, receipt.State, receipt.OpenComplaints, duplicate);
}
