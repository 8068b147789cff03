namespace LoyaltyGrid.Grains.Visits;

/// <summary>
/// One storefront session (keyed <c>{storefront}/{sessionId}</c>), owner of its journal stream:
/// decides whether a visit or a purchase is the session's earliest, so a session counts once for
/// visits and once for convertedSessions however often it is posted.
/// </summary>
public interface ISessionGrain : IGrainWithStringKey
{
    /// <summary>True the first time the session is seen.</summary>
    Task<bool> RecordVisit(VisitCommand command);

    /// <summary>
    /// A purchase carried this session; <paramref name="command"/>'s <c>Source</c> identifies the
    /// purchase, so repeating it (the conversion projection delivers at least once) changes nothing.
    /// </summary>
    Task RecordConversion(ConversionCommand command);
}

[GenerateSerializer, Immutable]
public sealed record VisitCommand(string Storefront, string SessionId, string? CustomerId, string Market, DateTimeOffset OccurredAt);

/// <summary><paramref name="Source"/>: the purchase's journal stream and sequence, which makes the conversion's event id.</summary>
[GenerateSerializer, Immutable]
public sealed record ConversionCommand(string Storefront, string SessionId, string Market, DateTimeOffset PurchasedAt, string Source);
