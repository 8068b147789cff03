using System.Text.Json.Serialization;

namespace LoyaltyGrid.Domain.Complaints;

[JsonConverter(typeof(JsonStringEnumConverter<SlaTarget>))]
public enum SlaTarget
{
    FirstResponse,
    Resolution,
}

/// <summary>A complaint target whose deadline passed unmet; KPIs bucket it by the deadline.</summary>
public sealed record SlaBreach(string ComplaintId, SlaTarget Target, DateTimeOffset Deadline);
