namespace LoyaltyGrid.Grains.Rewards;

/// <summary>
/// Owns one reward's row. Every change of its stock goes through here, so the cached view is the
/// stored one; the stock decision itself is a single PostgreSQL transaction, which stays exact
/// even if a split cluster briefly runs two activations.
/// </summary>
public sealed class RewardGrain(IRewardStore store, TimeProvider clock) : Grain, IRewardGrain
{
    private RewardView? _reward;

    private string RewardId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken) =>
        _reward = await store.LoadAsync(RewardId, cancellationToken);

    public async Task<RewardView> Put(RewardTerms terms)
    {
        _reward = await store.SaveAsync(RewardId, terms, clock.GetUtcNow());
        return _reward;
    }

    public Task<RewardView?> Get() => Task.FromResult(_reward);

    public async Task<StockDecision> Take(StockRequest request)
    {
        var (taken, remaining) = await store.TakeAsync(RewardId, request, clock.GetUtcNow());
        if (_reward is not null)
        {
            _reward = _reward with { Remaining = remaining };
        }

        return new StockDecision(taken);
    }
}
