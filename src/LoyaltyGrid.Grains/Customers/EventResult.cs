namespace LoyaltyGrid.Grains.Customers;

public enum EventStatus
{
    /// <summary>Applied now.</summary>
    Applied,

    /// <summary>Seen before with the same content: the original receipt, nothing changed.</summary>
    Duplicate,

    /// <summary>A business conflict (409): id reused with other content, too few points, over-refund.</summary>
    Conflict,

    /// <summary>The event refers to something that does not exist (404): an unknown order or complaint.</summary>
    NotFound,

    /// <summary>Well-formed but unsupported (422): an unknown currency.</summary>
    Unprocessable,

    /// <summary>
    /// A field that only the account can judge is bad (400 naming <see cref="EventResult{TReceipt}.Field"/>):
    /// a refund amount with decimals its order's currency does not have.
    /// </summary>
    InvalidField,
}

/// <summary>
/// What a customer event did. <see cref="Problem"/> explains every status but Applied and Duplicate;
/// <see cref="Field"/> names the request field an <see cref="EventStatus.InvalidField"/> is about.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record EventResult<TReceipt>(EventStatus Status, TReceipt? Receipt, string? Problem = null, string? Field = null)
    where TReceipt : class
{
    public bool IsSuccess => Status is EventStatus.Applied or EventStatus.Duplicate;

    public static EventResult<TReceipt> Applied(TReceipt receipt) => new(EventStatus.Applied, receipt);

    public static EventResult<TReceipt> Failed(EventStatus status, string problem) => new(status, null, problem);

    public static EventResult<TReceipt> InvalidField(string field, string problem) => new(EventStatus.InvalidField, null, problem, field);
}
