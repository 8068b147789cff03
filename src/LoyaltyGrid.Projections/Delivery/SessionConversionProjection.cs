using LoyaltyGrid.Grains.Customers;
using LoyaltyGrid.Grains.Visits;
using LoyaltyGrid.Journal;

namespace LoyaltyGrid.Projections.Delivery;

/// <summary>Tells sessions about the purchases that carried them, for the convertedSessions count.</summary>
public sealed class SessionConversionProjection(IGrainFactory grains) : DeliveryProjection(parallelism: 16)
{
    public const string ProjectionName = "session-conversions";

    public override string Name => ProjectionName;

    protected override Func<Task>? Delivery(JournalEntry entry)
    {
        // Imported rows carry the conversions the release before the journal still owed.
        if (entry.Type is not (CustomerEventTypes.Purchase or CustomerEventTypes.Imported or CustomerEventTypes.ImportedDelivery) || CustomerEvent.MessagesOf(entry.Payload).Conversion is not { } conversion)
        {
            return null;
        }

        var command = new ConversionCommand(conversion.Storefront, conversion.SessionId, conversion.Market, conversion.PurchasedAt, $"{entry.Stream}#{entry.Sequence}", conversion.OrderId, conversion.Amount);
        return () => grains.GetGrain<ISessionGrain>($"{conversion.Storefront}/{conversion.SessionId}").RecordConversion(command);
    }
}
