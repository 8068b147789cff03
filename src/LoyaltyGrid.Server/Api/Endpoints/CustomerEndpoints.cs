using System.Globalization;
using System.Security.Claims;
using LoyaltyGrid.Domain.Customers;
using LoyaltyGrid.Domain.Prediction;
using LoyaltyGrid.Grains.Customers;
using LoyaltyGrid.Grains.Prediction;
using LoyaltyGrid.Server.Api.Contracts;
using LoyaltyGrid.Server.Api.Json;
using LoyaltyGrid.Server.Api.Problems;
using LoyaltyGrid.Server.Auth;

namespace LoyaltyGrid.Server.Api.Endpoints;

/// <summary>One customer's reads, redemptions, tokens and erasure.</summary>
public static class CustomerEndpoints
{
    public const int DefaultHistoryLimit = 50;
    // The most a customer keeps in memory (older movements are only in the journal's events).
    public const int MaxHistoryLimit = CustomerAccount.HistoryKept;

    public static RouteGroupBuilder MapCustomerEndpoints(this RouteGroupBuilder api)
    {
        var customers = api.MapGroup("/customers/{customerId}").WithTags("Customers");

        customers.MapPost("/tokens", IssueToken)
            .RequireAuthorization(AuthPolicies.Storefront)
            .WithName("IssueCustomerToken")
            .WithSummary("Issue a token for one customer")
            .WithDescription("The token lets that customer read its own account and redeem its own points, nothing else, until `expiresAt`.")
            .Produces<TokenResponse>()
            .ProducesCustomerProblems();
        customers.MapGet("", Get)
            .RequireAuthorization(AuthPolicies.StorefrontOrOwnCustomer)
            .WithName("GetCustomer")
            .WithSummary("Read a customer's points, tier and lifecycle")
            .WithDescription("As of the server clock. A storefront key, or the customer's own token.")
            .Produces<CustomerResponse>()
            .ProducesCustomerProblems(notFound: true);
        customers.MapGet("/history", History)
            .RequireAuthorization(AuthPolicies.Storefront)
            .WithName("GetCustomerHistory")
            .WithSummary("The most recent point movements, newest first; or, with `?format=csv`, every movement oldest first")
            .WithDescription("`?format=csv` answers `text/csv` (RFC 4180): the whole ledger for audits, folded from the customer's journal, "
                + "one line per movement with `occurredAt`, `kind`, `points`, `balanceAfter`, `reference` (the causing event) and `campaigns`; `limit` does not apply to it. "
                + "An erased customer's history is gone: 404, as for the JSON history.")
            .Produces<HistoryResponse>()
            .Produces<string>(StatusCodes.Status200OK, "text/csv")
            .ProducesCustomerProblems(notFound: true)
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                Documentation.OpenApiSetup.DescribeLimitParameter(operation, DefaultHistoryLimit, MaxHistoryLimit);
                return Task.CompletedTask;
            });
        customers.MapPost("/redemptions", Redeem)
            .RequireAuthorization(AuthPolicies.StorefrontOrOwnCustomer)
            .WithName("RedeemPoints")
            .WithSummary("Spend points")
            .WithDescription("Spends the oldest points first; 409 when the balance is too small. Idempotent by (requester, redemptionId), where the requester is the key's storefront or the customer.")
            .Produces<RedemptionResponse>()
            .ProducesCustomerProblems(notFound: true, conflict: true, body: true);
        customers.MapDelete("", Erase)
            .RequireAuthorization(AuthPolicies.Storefront)
            .WithName("EraseCustomer")
            .WithSummary("Erase a customer's personal data and history")
            .WithDescription("KPI totals the customer contributed stay.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesCustomerProblems(notFound: true);
        return api;
    }

    private static TokenResponse IssueToken(string customerId, CustomerTokens tokens)
    {
        var issued = tokens.Issue(customerId);
        return new TokenResponse(issued.Token, issued.ExpiresAt);
    }

    private static async Task<IResult> Get(string customerId, IGrainFactory grains, TimeProvider clock)
    {
        var customer = grains.GetGrain<ICustomerGrain>(customerId);
        if (await customer.Get() is not { } view)
        {
            return UnknownCustomer(customerId);
        }

        var outlook = await RepurchaseOutlookAsync(customer, grains, clock);

        return TypedResults.Ok(new CustomerResponse(
            view.CustomerId,
            view.Balance,
            view.Tier,
            view.LifetimePoints,
            view.Orders,
            view.NetSpend,
            view.FirstPurchaseAt,
            view.LastPurchaseAt,
            view.Lifecycle,
            view.OpenComplaints,
            view.Expiring,
            outlook?.ProbabilityAlive,
            outlook?.ExpectedPurchases90d));
    }

    // The latest fit's parameters with the customer observed until now (not the fit's asOf).
    private static async Task<RepurchaseOutlook?> RepurchaseOutlookAsync(ICustomerGrain customer, IGrainFactory grains, TimeProvider clock)
    {
        if (await grains.GetGrain<IRepurchaseModelGrain>(IRepurchaseModelGrain.Key).Latest() is not { } fit)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var days = await customer.PurchaseDays(now) is { } known ? new PurchaseDays(known.Count, known.First, known.Last) : (PurchaseDays?)null;
        return RepurchaseOutlook.Of(fit.Parameters, days, now);
    }

    // limit is bound as text so that "abc" is answered like any other bad field, naming it.
    private static async Task<IResult> History(string customerId, string? limit, string? format, IGrainFactory grains)
    {
        switch (format)
        {
            case null or "json":
                break;
            case "csv" when limit is not null:
                return ApiProblems.Validation("limit", "does not apply to format=csv, which exports every movement");
            case "csv":
                return await LedgerAsync(customerId, grains);
            default:
                return ApiProblems.Validation("format", "must be json or csv");
        }

        var count = DefaultHistoryLimit;
        if (limit is not null
            && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > MaxHistoryLimit))
        {
            return ApiProblems.Validation("limit", $"must be an integer from 1 to {MaxHistoryLimit}");
        }

        if (await grains.GetGrain<ICustomerGrain>(customerId).History(count) is not { } movements)
        {
            return UnknownCustomer(customerId);
        }

        return TypedResults.Ok(new HistoryResponse(customerId, movements));
    }

    private static async Task<IResult> LedgerAsync(string customerId, IGrainFactory grains)
    {
        if (await grains.GetGrain<ICustomerGrain>(customerId).Ledger() is not { } ledger)
        {
            return UnknownCustomer(customerId);
        }

        return TypedResults.Text(LedgerCsv.Write(ledger), LedgerCsv.ContentType);
    }

    private static async Task<IResult> Redeem(string customerId, JsonBody<RedemptionRequest> body, ClaimsPrincipal user, IGrainFactory grains)
    {
        var request = body.Value;
        // Redemption ids are the requester's: a storefront's own, or the customer's (api.md leaves them to each).
        var requester = user.IsInRole(Roles.Storefront) ? user.StorefrontId() : RedemptionCommand.CustomerRequester;
        var result = await grains.GetGrain<ICustomerGrain>(customerId).Redeem(new RedemptionCommand(requester, request.RedemptionId, request.Points));
        return result.ToHttp((receipt, duplicate) => new RedemptionResponse(receipt.RedemptionId, receipt.Balance, duplicate));
    }

    private static async Task<IResult> Erase(string customerId, IGrainFactory grains) =>
        await grains.GetGrain<ICustomerGrain>(customerId).Erase()
            ? TypedResults.NoContent()
            : UnknownCustomer(customerId);

    private static IResult UnknownCustomer(string customerId) => ApiProblems.NotFound($"No customer '{customerId}' is known.");
}
