using LoyaltyGrid.Grains.Storage;

namespace LoyaltyGrid.Cluster.Tests;

/// <summary>A grain that exists only to prove the storage and cluster plumbing.</summary>
public interface IProbeGrain : IGrainWithStringKey
{
    Task Record(string note);

    Task<ProbeState> Read();

    Task<string> HostingSilo();

    Task Deactivate();

    Task StartTicking();
}

[GenerateSerializer]
public sealed class ProbeState
{
    [Id(0)] public List<string> Notes { get; set; } = [];

    [Id(1)] public decimal Amount { get; set; }

    [Id(2)] public DateTimeOffset? LastWrite { get; set; }

    [Id(3)] public int Ticks { get; set; }
}

public sealed class ProbeGrain(
    [PersistentState("probe", StorageNames.Loyalty)] IPersistentState<ProbeState> state)
    : Grain, IProbeGrain, IRemindable
{
    public async Task Record(string note)
    {
        state.State.Notes.Add(note);
        state.State.Amount += 10.05m;
        state.State.LastWrite = DateTimeOffset.UnixEpoch.AddDays(state.State.Notes.Count);
        await state.WriteStateAsync();
    }

    public Task<ProbeState> Read() => Task.FromResult(state.State);

    public Task<string> HostingSilo() => Task.FromResult(GrainContext.Address.SiloAddress!.ToString());

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task StartTicking() => this.RegisterOrUpdateReminder("tick", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        state.State.Ticks++;
        await state.WriteStateAsync();
        if (state.State.Ticks >= 2)
        {
            var reminder = await this.GetReminder(reminderName);
            if (reminder is not null)
            {
                await this.UnregisterReminder(reminder);
            }
        }
    }
}
