using System.Text.Json;
using LoyaltyGrid.Domain.Kpis;

namespace LoyaltyGrid.Grains.Journaling;

/// <summary>
/// A scope's totals as a release before the journal left them, journaled once by the upgrade
/// (stream <c>k:{scope}</c>) ahead of every new event, so a rebuild from the journal starts from
/// them too. The KPI projection takes it as the scope's starting aggregate.
/// </summary>
public sealed record KpiBaseline(KpiAggregate Aggregate)
{
    public const string Type = "kpi-baseline";
    public const string StreamPrefix = "k:";

    public static KpiBaseline Parse(string payload) =>
        JsonSerializer.Deserialize<KpiBaseline>(payload, JournaledEvent.Json) ?? throw new InvalidDataException("A KPI baseline's payload is empty.");
}
