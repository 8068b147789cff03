using System.Text.Json;

namespace LoyaltyGrid.JournalBench.Grains;

/// <summary>
/// The one event of the comparison: points earned for an order. The note pads the journal row to
/// about the size of a real purchase's (~1 KB), so both grains write what customers write.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PointsEarned(
    [property: Id(0)] string EventId,
    [property: Id(1)] long Points,
    [property: Id(2)] DateTimeOffset AcceptedAt,
    [property: Id(3)] string Note)
{
    public const string Type = "points-earned";

    public string ToJson() => JsonSerializer.Serialize(this);

    public static PointsEarned Parse(string json) =>
        JsonSerializer.Deserialize<PointsEarned>(json) ?? throw new InvalidDataException("An empty points-earned payload.");
}

/// <summary>What a caller asks: earn points for an event id (a retry repeats the id).</summary>
[GenerateSerializer, Immutable]
public sealed record EarnCommand([property: Id(0)] string EventId, [property: Id(1)] long Points, [property: Id(2)] string Note);

/// <summary>The answer: the balance after the event, and whether the id had been applied before.</summary>
[GenerateSerializer, Immutable]
public sealed record EarnReceipt([property: Id(0)] long Balance, [property: Id(1)] bool Duplicate);

public interface IPointsGrain : IGrainWithStringKey
{
    Task<EarnReceipt> Earn(EarnCommand command);

    /// <summary>Activates the grain (reads its stream) without an event, so activation is not timed with the workload.</summary>
    Task<long> Balance();
}

/// <summary>The plain grain over IEventJournal, shaped as CustomerGrain is.</summary>
public interface IPlainPointsGrain : IPointsGrain;

/// <summary>Orleans' JournaledGrain with the CustomStorage provider over the same journal.</summary>
public interface IJournaledPointsGrain : IPointsGrain;

/// <summary>The JournaledGrain that also looks each new event id up in the journal before raising it.</summary>
public interface IJournaledCheckedPointsGrain : IPointsGrain;
