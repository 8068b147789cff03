using LoyaltyGrid.Domain.Prediction;
using Orleans.Concurrency;

namespace LoyaltyGrid.Grains.Prediction;

/// <summary>
/// The grid's one repurchase model (key <see cref="Key"/>): fits the BG/NBD parameters on
/// demand and on a schedule, and hands out the latest fit.
/// </summary>
public interface IRepurchaseModelGrain : IGrainWithIntegerKey
{
    const long Key = 0;

    /// <summary>Fits on the purchases before <paramref name="asOf"/>, stores and returns the fit.</summary>
    Task<RepurchaseFitOutcome> Fit(DateTimeOffset asOf);

    /// <summary>The newest stored fit; null before the first. Answered even while a fit runs.</summary>
    [AlwaysInterleave]
    Task<RepurchaseModelFit?> Latest();

    /// <summary>Makes sure the scheduled refit is registered; idempotent.</summary>
    Task EnsureScheduled();
}

/// <summary>A fit, or why there was nothing to fit (no customer has bought twice before asOf).</summary>
[GenerateSerializer, Immutable]
public sealed record RepurchaseFitOutcome(
    [property: Id(0)] RepurchaseModelFit? Fit,
    [property: Id(1)] string? Unfittable);
