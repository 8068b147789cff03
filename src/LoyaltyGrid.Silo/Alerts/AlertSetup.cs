using LoyaltyGrid.Domain.Alerts;
using LoyaltyGrid.Grains.Alerts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LoyaltyGrid.Silo.Alerts;

public static class AlertSetup
{
    /// <summary>
    /// The <c>Alerts</c> section, refused at start-up with the bad key named; the rule book, this
    /// silo's copy of what fires, and the evaluator that keeps every rule's owner looking.
    /// </summary>
    public static IServiceCollection AddLoyaltyGridAlerts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AlertSettings>().Bind(configuration.GetSection(AlertSettings.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AlertSettings>, AlertSettingsValidator>());
        services.TryAddSingleton<AlertRuleBook>();
        services.TryAddSingleton<FiringAlerts>();
        services.AddHostedService<AlertEvaluator>();
        return services;
    }

    private sealed class AlertSettingsValidator : IValidateOptions<AlertSettings>
    {
        public ValidateOptionsResult Validate(string? name, AlertSettings options)
        {
            var problems = options.Validate();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
