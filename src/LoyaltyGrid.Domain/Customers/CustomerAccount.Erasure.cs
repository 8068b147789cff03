namespace LoyaltyGrid.Domain.Customers;

public sealed partial class CustomerAccount
{
    /// <summary>
    /// Erases personal data: free text (review texts, complaint notes), what was bought (order
    /// items) and the point-movement history. What stays is the bookkeeping a retried or later
    /// event needs to be answered as before: ids with amounts, times and points of orders,
    /// refunds and reviews (duplicates stay conflicts, refunds stay bounded, a review stays
    /// rewarded once), the lots (the balance is a liability, not personal data), complaint
    /// deadlines and breach flags, and the referral bookkeeping (an award is paid once).
    /// </summary>
    public void Erase()
    {
        State.History.Clear();
        foreach (var order in State.Orders.Values)
        {
            order.Items = null;
        }

        foreach (var (reviewId, review) in State.Reviews.ToList())
        {
            State.Reviews[reviewId] = review with { Text = null };
        }

        _complaints.ForgetNotes();
        State.Erased = true;
    }
}
