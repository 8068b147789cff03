using LoyaltyGrid.Server.Api.Problems;

namespace LoyaltyGrid.Server.Api.Validation;

/// <summary>
/// Admin endpoints take a few query parameters; a misspelt one (<c>?markt=DE</c>) would
/// otherwise be ignored and answer for the whole grid as if it had been obeyed.
/// </summary>
public static class QueryParameters
{
    /// <summary>Answers 400 naming every query parameter of a request that is not one of <paramref name="known"/>.</summary>
    public static TBuilder AcceptsOnlyQueryParameters<TBuilder>(this TBuilder builder, params string[] known)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var unknown = context.HttpContext.Request.Query.Keys
                // Binding matches names regardless of case, so ?Market=DE is obeyed, not unknown.
                .Where(name => !known.Contains(name, StringComparer.OrdinalIgnoreCase))
                .ToDictionary(name => name, _ => new[] { Unknown(known) }, StringComparer.Ordinal);
            return unknown.Count > 0 ? ApiProblems.Validation(unknown) : await next(context);
        });

    private static string Unknown(string[] known) => known.Length == 0
        ? "is not a query parameter of this endpoint, which takes none"
        : $"is not a query parameter of this endpoint; it takes {string.Join(", ", known)}";
}
