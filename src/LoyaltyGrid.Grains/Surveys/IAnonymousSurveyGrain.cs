using LoyaltyGrid.Grains.Customers;

namespace LoyaltyGrid.Grains.Surveys;

/// <summary>
/// One survey answer without a customer id, keyed <c>{storefront}/{responseId}</c>: the owner of a journal
/// stream of at most one entry, which makes the answer idempotent per storefront like every other event.
/// </summary>
public interface IAnonymousSurveyGrain : IGrainWithStringKey
{
    Task<EventResult<SurveyReceipt>> Answer(SurveyCommand command);
}
