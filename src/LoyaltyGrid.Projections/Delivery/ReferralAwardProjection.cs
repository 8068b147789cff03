using LoyaltyGrid.Grains.Customers;
using LoyaltyGrid.Journal;

namespace LoyaltyGrid.Projections.Delivery;

/// <summary>Pays referrers: a referee's event that made an award due is delivered to the referrer's grain, which pays once per referee.</summary>
public sealed class ReferralAwardProjection(IGrainFactory grains) : DeliveryProjection(parallelism: 16)
{
    public const string ProjectionName = "referral-awards";

    public override string Name => ProjectionName;

    protected override Func<Task>? Delivery(JournalEntry entry)
    {
        // Imported rows carry the awards the release before the journal still owed.
        if (entry.Type is not (CustomerEventTypes.Purchase or CustomerEventTypes.Referral or CustomerEventTypes.Imported or CustomerEventTypes.ImportedDelivery) || CustomerEvent.MessagesOf(entry.Payload).Award is not { } award)
        {
            return null;
        }

        return () => grains.GetGrain<ICustomerGrain>(award.ReferrerId).AwardReferral(new ReferralAwardCommand(award.RefereeId, award.OccurredAt));
    }
}
