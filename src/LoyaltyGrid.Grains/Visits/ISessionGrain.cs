namespace LoyaltyGrid.Grains.Visits;

/// <summary>
/// One storefront session (keyed <c>{storefront}/{sessionId}</c>), owner of its journal stream:
/// decides whether a visit or a purchase is the session's earliest, so a session counts once for
/// visits and once for convertedSessions however often it is posted.
/// </summary>
public interface ISessionGrain : IGrainWithStringKey
{
    /// <summary>True the first time the session is seen. A later visit may still change its attribution (an earlier one carrying a channel).</summary>
    Task<bool> RecordVisit(VisitCommand command);

    /// <summary>
    /// A purchase carried this session; <paramref name="command"/>'s <c>Source</c> identifies the
    /// purchase, so repeating it (the conversion projection delivers at least once) changes nothing.
    /// </summary>
    Task RecordConversion(ConversionCommand command);
}

/// <summary>
/// <paramref name="Channel"/>, <paramref name="Campaign"/>, <paramref name="Experiment"/> and
/// <paramref name="Variant"/> are lower-case ids or null; a variant comes only with an experiment.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record VisitCommand(
    string Storefront,
    string SessionId,
    string? CustomerId,
    string Market,
    DateTimeOffset OccurredAt,
    string? Channel = null,
    string? Campaign = null,
    string? Experiment = null,
    string? Variant = null);

/// <summary>
/// <paramref name="Source"/>: the purchase's journal stream and sequence, which makes the
/// conversion's event id. <paramref name="Amount"/> is the order's amount in the reporting
/// currency (null from purchases journaled before attribution, which then count no revenue).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ConversionCommand(string Storefront, string SessionId, string Market, DateTimeOffset PurchasedAt, string Source, string? OrderId = null, decimal? Amount = null);
