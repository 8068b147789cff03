using System.Text.Json.Serialization;

namespace LoyaltyGrid.Domain.Tiers;

// Stored by name so reordering or inserting a tier never reinterprets persisted state.
[JsonConverter(typeof(JsonStringEnumConverter<Tier>))]
public enum Tier
{
    Member,
    Silver,
    Gold,
    Platinum,
}
