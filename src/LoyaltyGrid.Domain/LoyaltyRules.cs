using LoyaltyGrid.Domain.Complaints;
using LoyaltyGrid.Domain.Currency;
using LoyaltyGrid.Domain.Lifecycle;
using LoyaltyGrid.Domain.Tiers;

namespace LoyaltyGrid.Domain;

/// <summary>
/// Every number of the loyalty programme (rules.md), bound from the <c>Loyalty:</c>
/// configuration section. It keeps the shape the configuration binder needs: a parameterless
/// constructor, public setters and the defaults in initialisers.
/// </summary>
public sealed class LoyaltyRules
{
    public const string SectionName = "Loyalty";

    // Far beyond any real programme, yet small enough that adding it to any event time stays
    // inside DateTimeOffset's range; a typo like 3650000 fails at start-up, not at the first purchase.
    internal const int MaxDays = 36_500;
    internal const int MaxHours = 24 * MaxDays;

    public string ReportingCurrency { get; set; } = "USD";

    // The binder adds configured keys to this table instead of replacing it, so an operator
    // adds a currency with a single key and the defaults stay unless overridden.
    public Dictionary<string, decimal> Rates { get; set; } = new()
    {
        ["USD"] = 1m,
        ["EUR"] = 1.08m,
        ["GBP"] = 1.27m,
        ["JPY"] = 0.0067m,
        ["CNY"] = 0.138m,
        ["CAD"] = 0.73m,
        ["AUD"] = 0.65m,
    };

    /// <summary>
    /// Decimals an amount may have, by currency (ISO 4217 minor units) where it is not
    /// <see cref="CurrencyConverter.DefaultMinorDigits"/>: 12.5 yen is no price. Configured keys
    /// add to this table as they do to <see cref="Rates"/>.
    /// </summary>
    public Dictionary<string, int> MinorDigits { get; set; } = new()
    {
        ["JPY"] = 0,
    };

    public TierTable Tiers { get; set; } = new();

    public int TierWindowDays { get; set; } = 365;

    /// <summary>
    /// How far behind a customer's newest purchase another purchase may still arrive and be
    /// judged exactly: a customer keeps its spend entries only back to its newest purchase minus
    /// the tier window minus this, and folds older ones into one sum. At least 1, because an
    /// event may be up to a day ahead of the server clock and reads need the window of now.
    /// </summary>
    public int LateEventDays { get; set; } = 90;

    public long ReviewPoints { get; set; } = 50;

    public long ReferralPoints { get; set; } = 200;

    /// <summary>0 means points never expire.</summary>
    public int PointsLifetimeDays { get; set; } = 365;

    /// <summary>
    /// How many days before a lot expires its customer is told (the <c>points.expiring</c> notice,
    /// rules.md "Notices"); 0: never. Configured as <c>Webhooks:ExpiryNoticeDays</c>, since it is
    /// the webhooks' promise, but the account decides it, so it lives with the other rules.
    /// </summary>
    public int ExpiryNoticeDays { get; set; } = 14;

    public const string ExpiryNoticeDaysKey = "Webhooks:ExpiryNoticeDays";

    public LifecycleRules Lifecycle { get; set; } = new();

    public ComplaintRules Complaints { get; set; } = new();

    public TimeSpan TierWindow => TimeSpan.FromDays(TierWindowDays);

    public TimeSpan LateEvents => TimeSpan.FromDays(LateEventDays);

    /// <summary><see cref="TimeSpan.Zero"/> means points never expire.</summary>
    public TimeSpan PointsLifetime => TimeSpan.FromDays(PointsLifetimeDays);

    /// <summary>
    /// Every problem with the configuration, each naming the key to fix; empty when valid.
    /// Meant for start-up, so a bad deployment fails loudly instead of mis-awarding points.
    /// </summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        var prefix = SectionName + ":";

        CurrencyRulesValidator.Validate(ReportingCurrency, Rates, MinorDigits, prefix, problems);

        if (Tiers is null)
        {
            problems.Add($"{prefix}Tiers must be present.");
        }
        else
        {
            Tiers.Validate(prefix + "Tiers", problems);
        }

        if (TierWindowDays is <= 0 or > MaxDays)
        {
            problems.Add($"{prefix}TierWindowDays must be between 1 and {MaxDays} (it was {TierWindowDays}).");
        }

        if (LateEventDays is <= 0 or > MaxDays)
        {
            problems.Add($"{prefix}LateEventDays must be between 1 and {MaxDays} (it was {LateEventDays}).");
        }

        if (ReviewPoints < 0)
        {
            problems.Add($"{prefix}ReviewPoints must be ≥ 0 (it was {ReviewPoints}).");
        }

        if (ReferralPoints < 0)
        {
            problems.Add($"{prefix}ReferralPoints must be ≥ 0 (it was {ReferralPoints}).");
        }

        if (PointsLifetimeDays is < 0 or > MaxDays)
        {
            problems.Add($"{prefix}PointsLifetimeDays must be between 0 and {MaxDays}, where 0 means never (it was {PointsLifetimeDays}).");
        }

        // A lead as long as the lifetime is allowed: the lot is told of as soon as it is earned.
        if (ExpiryNoticeDays is < 0 or > MaxDays)
        {
            problems.Add($"{ExpiryNoticeDaysKey} must be between 0 (no notice) and {MaxDays} (it was {ExpiryNoticeDays}).");
        }

        if (Lifecycle is null)
        {
            problems.Add($"{prefix}Lifecycle must be present.");
        }
        else
        {
            Lifecycle.Validate(prefix + "Lifecycle", problems);
        }

        if (Complaints is null)
        {
            problems.Add($"{prefix}Complaints must be present.");
        }
        else
        {
            Complaints.Validate(prefix + "Complaints", problems);
        }

        return problems;
    }

    /// <summary>How many decimals an amount in <paramref name="currency"/> may have.</summary>
    public int MinorDigitsOf(string currency) =>
        MinorDigits is not null && MinorDigits.TryGetValue(currency, out var digits) ? digits : CurrencyConverter.DefaultMinorDigits;

    /// <summary>How long before a lot's expiry its <c>points.expiring</c> notice is due; null when none is sent.</summary>
    internal TimeSpan? ExpiryNoticeLead => ExpiryNoticeDays == 0 ? null : TimeSpan.FromDays(ExpiryNoticeDays);

    internal DateTimeOffset? ExpiryOfPointsEarnedAt(DateTimeOffset earnedAt) =>
        PointsLifetimeDays == 0 ? null : earnedAt + PointsLifetime;
}
