using LoyaltyGrid.Domain.Kpis;

namespace LoyaltyGrid.Grains.Kpis;

/// <summary>
/// What one applied event changed in the KPIs, as seen by the grain that applied it.
/// <paramref name="Source"/> and <paramref name="Seq"/> identify it (numbers only grow per source);
/// <paramref name="AcceptedAt"/> is the server time of acceptance, for the live windows.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record KpiContribution(string Source, long Seq, DateTimeOffset AcceptedAt, IReadOnlyList<KpiDelta> Deltas);

/// <summary>A source's contributions to one scope, within one batch.</summary>
[GenerateSerializer, Immutable]
public sealed record KpiScopeEntry(string Source, long Seq, DateTimeOffset AcceptedAt, IReadOnlyList<KpiDelta> Deltas);
