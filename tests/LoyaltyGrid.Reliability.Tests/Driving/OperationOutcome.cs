using System.Text.Json;

namespace LoyaltyGrid.Reliability.Tests.Driving;

public enum Verdict
{
    /// <summary>A 200: the grid promised the event is stored.</summary>
    Acknowledged,

    /// <summary>A definite refusal (404, 409): the grid promised nothing changed.</summary>
    Refused,

    /// <summary>No definite answer before the driver gave up; the event may or may not be stored.</summary>
    Unresolved,
}

public sealed record OperationOutcome(LoyaltyOperation Operation, Verdict Verdict, int Status, JsonElement Body, int Attempts);
