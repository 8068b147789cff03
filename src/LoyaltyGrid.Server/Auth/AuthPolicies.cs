using Microsoft.AspNetCore.Authorization;

namespace LoyaltyGrid.Server.Auth;

/// <summary>Who may call what. Each API endpoint names exactly one of these policies.</summary>
public static class AuthPolicies
{
    /// <summary>A storefront key: writes events, reads, redeems for and erases any customer.</summary>
    public const string Storefront = "storefront";

    /// <summary>A storefront key, or the token of the customer named by the route's <c>customerId</c>.</summary>
    public const string StorefrontOrOwnCustomer = "storefront-or-own-customer";

    /// <summary>An ops key: KPIs, the board, the dashboard and admin endpoints; never events.</summary>
    public const string Ops = "ops";

    /// <summary>Any valid credential: a storefront or ops key, or any customer's token (the reward catalogue).</summary>
    public const string AnyCredential = "any-credential";

    public const string CustomerRouteValue = "customerId";

    internal static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(Storefront, policy => policy.RequireRole(Roles.Storefront));
        options.AddPolicy(StorefrontOrOwnCustomer, policy => policy.AddRequirements(new StorefrontOrOwnCustomerRequirement()));
        options.AddPolicy(Ops, policy => policy.RequireRole(Roles.Ops));
        options.AddPolicy(AnyCredential, policy => policy.RequireRole(Roles.Storefront, Roles.Ops, Roles.Customer));
    }
}

public sealed class StorefrontOrOwnCustomerRequirement : IAuthorizationRequirement;

/// <summary>
/// A customer token opens only its own customer's resources: the customer it names must equal
/// the <c>customerId</c> of the route being called.
/// </summary>
public sealed class StorefrontOrOwnCustomerHandler : AuthorizationHandler<StorefrontOrOwnCustomerRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, StorefrontOrOwnCustomerRequirement requirement)
    {
        if (context.User.IsInRole(Roles.Storefront))
        {
            context.Succeed(requirement);
        }
        else if (context.User.IsInRole(Roles.Customer)
            && context.Resource is HttpContext http
            && http.Request.RouteValues.TryGetValue(AuthPolicies.CustomerRouteValue, out var routeCustomer)
            && routeCustomer is string customerId
            && string.Equals(customerId, context.User.CustomerId(), StringComparison.Ordinal))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
