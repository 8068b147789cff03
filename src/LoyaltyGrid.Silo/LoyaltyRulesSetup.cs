using LoyaltyGrid.Domain;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LoyaltyGrid.Silo;

public static class LoyaltyRulesSetup
{
    /// <summary>
    /// Binds <see cref="LoyaltyRules"/> from the <c>Loyalty</c> section and refuses to start with a
    /// bad value, naming the key, rather than award points by a wrong rule.
    /// </summary>
    public static IServiceCollection AddLoyaltyRules(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LoyaltyRules>()
            .Bind(configuration.GetSection(LoyaltyRules.SectionName))
            // The expiry notice is the webhooks' promise (api.md), so it is set where they are configured.
            .Configure(rules => rules.ExpiryNoticeDays = configuration.GetValue(LoyaltyRules.ExpiryNoticeDaysKey, rules.ExpiryNoticeDays))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<LoyaltyRules>, LoyaltyRulesValidator>();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<LoyaltyRules>>().Value);
        return services;
    }

    private sealed class LoyaltyRulesValidator : IValidateOptions<LoyaltyRules>
    {
        public ValidateOptionsResult Validate(string? name, LoyaltyRules options)
        {
            var problems = options.Validate();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
