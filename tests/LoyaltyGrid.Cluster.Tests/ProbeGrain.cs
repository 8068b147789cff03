namespace LoyaltyGrid.Cluster.Tests;

/// <summary>A grain that exists only to prove the cluster plumbing: placement and reminders.</summary>
public interface IProbeGrain : IGrainWithStringKey
{
    Task<int> Ticks();

    Task<string> HostingSilo();

    Task StartTicking();
}

/// <summary>Keeps nothing: LoyaltyGrid's grains keep their state in the journal, not in Orleans grain storage.</summary>
public sealed class ProbeGrain : Grain, IProbeGrain, IRemindable
{
    private int _ticks;

    public Task<int> Ticks() => Task.FromResult(_ticks);

    public Task<string> HostingSilo() => Task.FromResult(GrainContext.Address.SiloAddress!.ToString());

    public Task StartTicking() => this.RegisterOrUpdateReminder("tick", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        _ticks++;
        if (_ticks >= 2)
        {
            var reminder = await this.GetReminder(reminderName);
            if (reminder is not null)
            {
                await this.UnregisterReminder(reminder);
            }
        }
    }
}
