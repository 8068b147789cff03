namespace LoyaltyGrid.Grains.Visits;

/// <summary>
/// One storefront session (keyed <c>{storefront}/{sessionId}</c>): decides whether a visit is the
/// session's first, so a session counts once however often it is posted.
/// </summary>
public interface ISessionGrain : IGrainWithStringKey
{
    /// <summary>True the first time the session is seen.</summary>
    Task<bool> RecordVisit(VisitCommand command);
}

[GenerateSerializer, Immutable]
public sealed record VisitCommand(string Storefront, string SessionId, string? CustomerId, string Market, DateTimeOffset OccurredAt);
