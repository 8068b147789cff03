using LoyaltyGrid.Domain.Prediction;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LoyaltyGrid.Grains.Prediction;

/// <summary>
/// Thin: the store reads summaries with SQL, the domain fits; this grain serializes fits, keeps
/// the latest in memory for customer reads and owns the schedule.
/// </summary>
public sealed partial class RepurchaseModelGrain(
    IRepurchaseModelStore store,
    IOptions<RepurchaseModelOptions> options,
    TimeProvider clock,
    ILogger<RepurchaseModelGrain> logger) : Grain, IRepurchaseModelGrain, IRemindable
{
    private const string RefitReminder = "refit";

    private RepurchaseModelFit? _latest;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _latest = await store.LatestAsync(cancellationToken);
    }

    public async Task<RepurchaseFitOutcome> Fit(DateTimeOffset asOf)
    {
        var population = await store.ReadSummariesAsync(asOf);
        if (!RepurchaseModelFit.CanFit(population))
        {
            return new RepurchaseFitOutcome(null, $"No customer made a repeat purchase before {asOf:O}: nothing to fit.");
        }

        // The optimizer is CPU-bound for seconds on a large grid; off the grain's turn would not
        // help, as the grain has nothing else to do but answer Latest, which interleaves.
        RepurchaseModelFit fit;
        try
        {
            fit = RepurchaseModelFit.Of(population, asOf, clock.GetUtcNow());
        }
        catch (Exception ex) when (ex is ArithmeticException or ArgumentException or MathNet.Numerics.Optimization.MaximumIterationsException)
        {
            // A population the optimizer cannot settle on is a fact about the data, not a fault:
            // the previous fit stays in force.
            LogNotConverged(ex, population.Count, asOf);
            return new RepurchaseFitOutcome(null, $"The model did not converge on the {population.Count} customers before {asOf:O}: {ex.Message}");
        }

        await store.SaveAsync(fit);
        _latest = fit;
        LogFitted(fit.Customers, fit.Parameters.R, fit.Parameters.Alpha, fit.Parameters.A, fit.Parameters.B, fit.LogLikelihood, asOf);
        return new RepurchaseFitOutcome(fit, null);
    }

    public Task<RepurchaseModelFit?> Latest() => Task.FromResult(_latest);

    public async Task EnsureScheduled()
    {
        // Registered only when missing: re-registering at every start-up would push the next fit
        // a whole period away each time, and servers may restart more often than that.
        if (await this.GetReminder(RefitReminder) is null)
        {
            var period = options.Value.FitInterval;
            await this.RegisterOrUpdateReminder(RefitReminder, period, period);
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == RefitReminder)
        {
            var outcome = await Fit(clock.GetUtcNow());
            if (outcome.Unfittable is { } reason)
            {
                LogSkipped(reason);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Repurchase model fitted on {Customers} customers: r={R}, alpha={Alpha}, a={A}, b={B}, LL={LogLikelihood}, asOf={AsOf}")]
    private partial void LogFitted(int customers, double r, double alpha, double a, double b, double logLikelihood, DateTimeOffset asOf);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Repurchase model fit on {Customers} customers before {AsOf} did not converge")]
    private partial void LogNotConverged(Exception exception, int customers, DateTimeOffset asOf);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled repurchase model fit skipped: {Reason}")]
    private partial void LogSkipped(string reason);
}
