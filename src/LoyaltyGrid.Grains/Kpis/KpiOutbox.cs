using LoyaltyGrid.Domain.Kpis;

namespace LoyaltyGrid.Grains.Kpis;

/// <summary>
/// The KPI contributions a grain has made but not yet seen stored by every scope. It is part of
/// the grain's persisted state and written with the event that made the contributions, so none
/// is lost between the event's write and the scopes'.
/// </summary>
public sealed class KpiOutbox
{
    /// <summary>The number of the last contribution made; numbers only grow.</summary>
    public long LastSeq { get; set; }

    public List<KpiContribution> Pending { get; set; } = [];

    public void Add(string source, DateTimeOffset acceptedAt, IReadOnlyList<KpiDelta> deltas)
    {
        if (deltas.Count == 0)
        {
            return;
        }

        LastSeq++;
        Pending.Add(new KpiContribution(source, LastSeq, acceptedAt, deltas));
    }
}
