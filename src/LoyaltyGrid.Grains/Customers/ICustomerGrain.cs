namespace LoyaltyGrid.Grains.Customers;

/// <summary>
/// One customer of the grid (keyed by customer id): the only writer of that customer's orders,
/// points, tier, complaints, reviews and referrals.
/// </summary>
/// <remarks>
/// Every event is idempotent by (storefront, kind, id): the same id with the same content returns
/// the original receipt with <see cref="EventStatus.Duplicate"/>; with different content it is a
/// <see cref="EventStatus.Conflict"/>. A returned result means the event is in the journal.
/// </remarks>
public interface ICustomerGrain : IGrainWithStringKey
{
    Task<EventResult<PurchaseReceipt>> Purchase(PurchaseCommand command);

    Task<EventResult<RefundReceipt>> Refund(RefundCommand command);

    Task<EventResult<ReviewReceipt>> Review(ReviewCommand command);

    /// <summary>Sent to the referee's grain: records who referred this customer.</summary>
    Task<EventResult<ReferralReceipt>> RecordReferral(ReferralCommand command);

    Task<EventResult<ComplaintReceipt>> OpenComplaint(ComplaintCommand command);

    /// <summary>A survey answer with this customer's id: the customer's personal data, erased with it.</summary>
    Task<EventResult<SurveyReceipt>> AnswerSurvey(SurveyCommand command);

    Task<EventResult<ComplaintReceipt>> RecordComplaintResponse(ComplaintProgressCommand command);

    Task<EventResult<ComplaintReceipt>> ResolveComplaint(ComplaintProgressCommand command);

    Task<EventResult<RedemptionReceipt>> Redeem(RedemptionCommand command);

    /// <summary>
    /// Claims a reward: spends its points, takes one unit of its stock and issues one coupon, or
    /// does none of these. Idempotent by (requester, claimId); a retry finishes a claim a crash interrupted.
    /// </summary>
    Task<ClaimAnswer> Claim(ClaimCommand command);

    /// <summary>Records that the coupon of one of this customer's claims was redeemed; once per coupon, safe to repeat.</summary>
    Task CountCouponRedemption(CouponRedemptionCommand command);

    /// <summary>
    /// Sent by the referral-award projection to the referrer when the referee's first purchase is in the journal;
    /// safe to repeat (once per referee).
    /// </summary>
    Task AwardReferral(ReferralAwardCommand command);

    /// <summary>
    /// The customer's due moment passed (points to expire, a complaint deadline, a tier or stage
    /// change): moves the account to server time and stores what is due next.
    /// </summary>
    Task Wake();

    /// <summary>The customer as of server time; null when the grid has never heard of it.</summary>
    Task<CustomerView?> Get();

    /// <summary>The most recent point movements, newest first; null for an unknown customer.</summary>
    Task<IReadOnlyList<PointMovementView>?> History(int limit);

    /// <summary>
    /// Every point movement the customer ever had, oldest first, folded afresh from its journal
    /// (the ledger export); null for an unknown or erased customer.
    /// </summary>
    Task<IReadOnlyList<LedgerEntryView>?> Ledger();

    /// <summary>
    /// The customer's distinct UTC days with an accepted purchase (refunded or not) before
    /// <paramref name="asOf"/>: the repurchase model's inputs. Null for an unknown or erased
    /// customer, or one without such a purchase.
    /// </summary>
    Task<PurchaseDaysView?> PurchaseDays(DateTimeOffset asOf);

    /// <summary>Erases personal data and history; false for an unknown customer.</summary>
    Task<bool> Erase();
}
