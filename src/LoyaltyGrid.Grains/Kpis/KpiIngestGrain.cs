using LoyaltyGrid.Grains.Observability;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace LoyaltyGrid.Grains.Kpis;

/// <summary>
/// Gathers contributions for up to <see cref="KpiPipelineOptions.FlushInterval"/>, then sends one
/// batch per scope and releases every submitter whose contributions were all stored.
/// </summary>
/// <remarks>
/// Nothing here is durable and nothing needs to be: submitters keep their contributions until
/// <see cref="Submit"/> completes, and scope grains skip what they already applied. One
/// submission always lands in one flush, so a scope sees a source's outbox in one piece.
/// </remarks>
[StatelessWorker(1)]
[Reentrant]
public sealed class KpiIngestGrain(IOptions<KpiPipelineOptions> options, LoyaltyGridMetrics metrics, TimeProvider clock) : Grain, IKpiIngestGrain
{
    private PendingBatch _pending = new();

    public Task Submit(IReadOnlyList<KpiContribution> contributions)
    {
        if (contributions.Count == 0)
        {
            return Task.CompletedTask;
        }

        var batch = _pending;
        batch.Add(contributions, clock.GetTimestamp());
        metrics.KpiQueued(contributions.Count);
        if (batch.ContributionCount >= options.Value.MaxBatchContributions)
        {
            _ = FlushAsync(batch);
        }
        else if (batch.ContributionCount == contributions.Count)
        {
            // The first submission of a batch starts its clock.
            _ = FlushLaterAsync(batch);
        }

        return batch.Stored;
    }

    private async Task FlushLaterAsync(PendingBatch batch)
    {
        await Task.Delay(options.Value.FlushInterval);
        await FlushAsync(batch);
    }

    private async Task FlushAsync(PendingBatch batch)
    {
        if (!ReferenceEquals(batch, _pending))
        {
            return;
        }

        _pending = new PendingBatch();
        try
        {
            await Task.WhenAll(batch.ByScope().Select(scope =>
                GrainFactory.GetGrain<IKpiScopeGrain>(scope.Key).Apply(scope.Value)));
            metrics.KpiFlushed(batch.ContributionCount, clock.GetElapsedTime(batch.FirstAddedAt), stored: true);
            batch.Succeed();
        }
        catch (Exception ex)
        {
            metrics.KpiFlushed(batch.ContributionCount, clock.GetElapsedTime(batch.FirstAddedAt), stored: false);
            batch.Fail(ex);
        }
    }

    private sealed class PendingBatch
    {
        private readonly List<KpiContribution> _contributions = [];
        private readonly TaskCompletionSource _stored = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int ContributionCount => _contributions.Count;

        public Task Stored => _stored.Task;

        /// <summary>When the first contribution arrived (a <see cref="TimeProvider"/> timestamp): where the batch's lag starts.</summary>
        public long FirstAddedAt { get; private set; }

        public void Add(IReadOnlyList<KpiContribution> contributions, long timestamp)
        {
            if (_contributions.Count == 0)
            {
                FirstAddedAt = timestamp;
            }

            _contributions.AddRange(contributions);
        }

        public Dictionary<string, List<KpiScopeEntry>> ByScope()
        {
            var byScope = new Dictionary<string, List<KpiScopeEntry>>();
            foreach (var contribution in _contributions)
            {
                foreach (var scopeDeltas in contribution.Deltas.GroupBy(delta => delta.Scope.Key))
                {
                    if (!byScope.TryGetValue(scopeDeltas.Key, out var entries))
                    {
                        byScope[scopeDeltas.Key] = entries = [];
                    }

                    entries.Add(new KpiScopeEntry(contribution.Source, contribution.Seq, contribution.AcceptedAt, [.. scopeDeltas]));
                }
            }

            return byScope;
        }

        public void Succeed() => _stored.TrySetResult();

        public void Fail(Exception exception) => _stored.TrySetException(exception);
    }
}
