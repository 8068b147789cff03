using LoyaltyGrid.Grains.Kpis;

namespace LoyaltyGrid.Grains.Visits;

/// <summary>
/// One storefront session (keyed <c>{storefront}/{sessionId}</c>): decides whether a visit or a
/// purchase is the session's earliest, so a session counts once for visits and once for
/// convertedSessions however often it is posted.
/// </summary>
public interface ISessionGrain : IOutboxOwner
{
    /// <summary>True the first time the session is seen.</summary>
    Task<bool> RecordVisit(VisitCommand command);

    /// <summary>A purchase carried this session; safe to repeat.</summary>
    Task RecordConversion(ConversionCommand command);
}

[GenerateSerializer, Immutable]
public sealed record VisitCommand(string Storefront, string SessionId, string? CustomerId, string Market, DateTimeOffset OccurredAt);

[GenerateSerializer, Immutable]
public sealed record ConversionCommand(string Storefront, string SessionId, string Market, DateTimeOffset PurchasedAt);
