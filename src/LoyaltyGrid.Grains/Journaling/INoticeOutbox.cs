namespace LoyaltyGrid.Grains.Journaling;

/// <summary>Where notices wait for delivery (the webhook outbox); the customer grain forgets a customer's there on erasure.</summary>
public interface INoticeOutbox
{
    /// <summary>Deletes every delivery, pending or done, of a notice that names <paramref name="customerId"/>.</summary>
    Task EraseCustomerAsync(string customerId, CancellationToken cancellationToken = default);
}
