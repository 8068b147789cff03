using LoyaltyGrid.Domain;
using Microsoft.Extensions.Options;

namespace LoyaltyGrid.Server.Api.Validation;

/// <summary>
/// What a request's values are checked against besides their own shape: the server's clock
/// (events may not be from the future, beyond <see cref="ApiOptions.MaxClockSkew"/>) and the
/// programme's currencies (no fractions of a yen). Taken once per request, so every field of a
/// body, or every event of a batch, is measured against the same instant.
/// </summary>
public sealed record InputLimits(DateTimeOffset Now, TimeSpan MaxClockSkew, LoyaltyRules Rules)
{
    public DateTimeOffset LatestInstant => Now + MaxClockSkew;

    public static InputLimits Of(HttpContext context)
    {
        var services = context.RequestServices;
        return new InputLimits(
            services.GetRequiredService<TimeProvider>().GetUtcNow(),
            services.GetRequiredService<IOptions<ApiOptions>>().Value.MaxClockSkew,
            services.GetRequiredService<LoyaltyRules>());
    }
}
