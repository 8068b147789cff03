using LoyaltyGrid.Grains.Customers;
using LoyaltyGrid.Grains.Journaling;
using LoyaltyGrid.Journal.Due;

namespace LoyaltyGrid.Projections.Time;

/// <summary>Wakes a customer whose due moment passed; the customer stores its next one.</summary>
public sealed class CustomerWaker(IGrainFactory grains) : IDueStreamWaker
{
    public Task WakeAsync(DueStream due, CancellationToken cancellationToken) =>
        StreamKeys.CustomerIdOf(due.Stream) is { } customerId
            ? grains.GetGrain<ICustomerGrain>(customerId).Wake()
            : Task.CompletedTask;
}
