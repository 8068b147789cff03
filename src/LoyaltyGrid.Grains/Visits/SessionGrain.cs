using LoyaltyGrid.Grains.Storage;

namespace LoyaltyGrid.Grains.Visits;

public sealed class SessionGrain(
    [PersistentState("session", StorageNames.Loyalty)] IPersistentState<SessionState> state)
    : Grain, ISessionGrain
{
    public async Task<bool> RecordVisit(VisitCommand command)
    {
        if (state.RecordExists)
        {
            return false;
        }

        state.State.Storefront = command.Storefront;
        state.State.Market = command.Market;
        state.State.FirstVisitAt = command.OccurredAt;
        await state.WriteStateAsync();
        return true;
    }
}

public sealed class SessionState
{
    public string Storefront { get; set; } = "";

    public string Market { get; set; } = "";

    public DateTimeOffset FirstVisitAt { get; set; }
}
