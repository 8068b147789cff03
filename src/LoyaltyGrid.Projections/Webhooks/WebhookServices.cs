using LoyaltyGrid.Grains.Journaling;
using LoyaltyGrid.Journal.Projections;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace LoyaltyGrid.Projections.Webhooks;

public static class WebhookServices
{
    public const string HttpClientName = "webhooks";

    /// <summary>
    /// The notice projection, the outbox and the delivery service, with the <c>Webhooks</c> section
    /// checked at start-up: a bad subscription stops the server with the key named, instead of
    /// notices piling up for a receiver that can never be reached.
    /// </summary>
    public static IServiceCollection AddLoyaltyGridWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>();
        services.AddSingleton<WebhookSignal>();
        services.AddSingleton<WebhookOutbox>();
        services.AddSingleton<INoticeOutbox>(provider => provider.GetRequiredService<WebhookOutbox>());
        services.AddSingleton<IProjection, NoticeProjection>();
        services.AddHostedService<WebhookDeliveryService>();
        services.AddHttpClient(HttpClientName, (provider, client) =>
            {
                // Polly's timeout is the one that counts; this one only must not cut it short.
                client.Timeout = provider.GetRequiredService<IOptions<WebhookOptions>>().Value.AttemptTimeout + TimeSpan.FromSeconds(5);
            })
            .AddResilienceHandler("webhook-attempt", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<WebhookOptions>>().Value;
                pipeline
                    .AddConcurrencyLimiter(options.ConcurrencyPerSubscription, queueLimit: options.BatchSize)
                    .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                    {
                        FailureRatio = 0.9,
                        MinimumThroughput = 20,
                        SamplingDuration = TimeSpan.FromSeconds(30),
                        BreakDuration = TimeSpan.FromSeconds(15),
                    })
                    .AddTimeout(options.AttemptTimeout);
            })
            // One pipeline per receiver: one receiver's open circuit or full queue is no other's.
            .SelectPipelineByAuthority();
        return services;
    }

    private sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
    {
        public ValidateOptionsResult Validate(string? name, WebhookOptions options)
        {
            var problems = options.Validate();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
