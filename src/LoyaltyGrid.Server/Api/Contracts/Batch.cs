using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;
using LoyaltyGrid.Server.Api.Json;

namespace LoyaltyGrid.Server.Api.Contracts;

public sealed record BatchRequest(
    [property: Required, MaxLength(BatchRequest.MaxEvents), Description(
        "Each entry is { \"type\": purchase | refund | visit | complaint | review | referral, ...the fields of that event's own endpoint }.")]
    IReadOnlyList<JsonElement> Events)
    : IJsonRequest<BatchRequest>
{
    public const int MaxEvents = 1000;

    public static BatchRequest Read(RequestReader reader) => new(reader.Entries("events", MaxEvents));
}

/// <summary>
/// One event's outcome: the status its own endpoint would have answered, with that endpoint's
/// body (2xx) or problem (4xx/5xx).
/// </summary>
public sealed record BatchResult(
    int Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] object? Body,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] object? Problem);

/// <summary>One result per event, in the order of the request.</summary>
public sealed record BatchResponse(IReadOnlyList<BatchResult> Results);
