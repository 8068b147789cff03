using System.Runtime.CompilerServices;
using LoyaltyGrid.Domain;
using LoyaltyGrid.Domain.Campaigns;
using LoyaltyGrid.Domain.Complaints;
using LoyaltyGrid.Domain.Currency;
using LoyaltyGrid.Domain.Customers;
using LoyaltyGrid.Domain.Kpis;
using LoyaltyGrid.Domain.Notices;
using LoyaltyGrid.Domain.Points;
using LoyaltyGrid.Domain.Prediction;
using LoyaltyGrid.Domain.Surveys;
using LoyaltyGrid.Domain.Tiers;
using LoyaltyGrid.Grains.Campaigns;

namespace LoyaltyGrid.Grains.Customers;

/// <summary>
/// Applies one command to a folded customer as of a given server time and says what it decided,
/// KPI changes included. The live grain and replay both go through here, with the time the event
/// was accepted, so replaying the journal rebuilds exactly the account the grain had.
/// </summary>
/// <remarks>
/// Every rule is the domain's (<see cref="CustomerAccount"/>, <see cref="KpiFacts"/>,
/// <see cref="CustomerKpiMembership"/>); this class only translates commands and routes KPI
/// changes to the place an event counts in. Distinct counts are emitted as changes of the
/// customer's membership (<see cref="CustomerPurchaseCalendar"/>, the same changes as a
/// recomputation over all its purchases), so an out-of-order purchase moves counts instead of
/// doubling them; gauges as the change from what was last emitted.
/// </remarks>
public sealed class CustomerDecider
{
    private readonly string _customerId;
    private readonly CustomerFold _fold;
    private readonly LoyaltyRules _rules;

    // One converter per rules object: every customer activation would otherwise carry its own copy of the rate table.
    private static readonly ConditionalWeakTable<LoyaltyRules, CurrencyConverter> Converters = new();

    private readonly CurrencyConverter _currency;
    // Decisions are synchronous, so one scratch list per thread serves every customer: a list per
    // customer kept its grown capacity (about a kilobyte) in every activation.
    [ThreadStatic]
    private static List<KpiDelta>? t_deltas;

    private static List<KpiDelta> Scratch => t_deltas ??= [];

    private readonly int _historyKept;

    /// <summary><paramref name="historyKept"/>: point movements kept; more only for an audit fold of the whole stream.</summary>
    public CustomerDecider(string customerId, CustomerFold fold, LoyaltyRules rules, int historyKept = CustomerAccount.HistoryKept)
    {
        _historyKept = historyKept;
        _customerId = customerId;
        _fold = fold;
        _rules = rules;
        _currency = Converters.GetValue(rules, shared => new CurrencyConverter(shared));
        // A snapshot (or an imported state) written before calendars existed lists every purchase.
        if (_fold.Calendar is null || _fold.Purchases is { Count: > 0 })
        {
            _fold.Calendar = CustomerPurchaseCalendar.Of(_fold.Purchases?.Values ?? Enumerable.Empty<KpiPurchase>());
        }

        _fold.Purchases = null;
    }

    public CustomerFold Fold => _fold;

    public int HistoryKept => _historyKept;

    /// <summary>Whether an event about <paramref name="orderId"/> should page the order in first (<see cref="RestoreOrder"/>).</summary>
    public bool MayHaveArchived(string orderId) => _fold.Account is not null && Account().MayHaveArchived(orderId);

    /// <summary>Brings an order folded out of memory back, with the place its purchase counted in.</summary>
    public void RestoreOrder(OrderRecord order, IReadOnlyList<ArchivedRefund> laterRefunds, bool reviewRewardedLater, KpiPlace? place)
    {
        Account().RestoreOrder(order, laterRefunds, reviewRewardedLater);
        if (place is not null)
        {
            _fold.Places[order.OrderId] = place;
        }
    }

    /// <summary>The customer's distinct purchase days before <paramref name="asOf"/>, for the repurchase model.</summary>
    public PurchaseDays? PurchaseDaysBefore(DateTimeOffset asOf) => _fold.Calendar!.DaysBefore(asOf);

    public bool Erased => _fold.Account is { Erased: true };

    public CustomerAccount Account()
    {
        _fold.Account ??= new CustomerState { CustomerId = _customerId };
        return new CustomerAccount(_fold.Account, _rules, _historyKept);
    }

    /// <summary>
    /// <paramref name="campaigns"/>: the catalog known at acceptance (live), or the revision the
    /// journal names (replay); the decision names that revision if any of its campaigns applied.
    /// </summary>
    public Decision<PurchaseReceipt> Purchase(PurchaseCommand command, DateTimeOffset now, CatalogRevision campaigns)
    {
        if (!_currency.TryToReporting(command.Amount, command.Currency, out var reporting))
        {
            return Decision<PurchaseReceipt>.Refused(EventStatus.Unprocessable, $"Currency '{command.Currency}' is not supported.");
        }

        var account = Start();
        var items = command.Items?.Select(item => new OrderItem(item.Sku, item.Quantity, item.UnitPrice, item.Category)).ToList();
        var orderId = Qualify(command.Storefront, command.OrderId);
        var archivedBefore = account.State.ArchivedOrders;
        var outcome = account.Purchase(
            orderId, command.Amount, command.Currency, reporting.Amount, command.OccurredAt, items, command.Storefront, command.Market, campaigns.Campaigns);
        switch (outcome.Status)
        {
            case PurchaseStatus.DuplicateOrder:
                return Decision<PurchaseReceipt>.Refused(EventStatus.Conflict, $"Order '{command.OrderId}' was already recorded.");
            case PurchaseStatus.BeyondHorizon:
                return Decision<PurchaseReceipt>.Refused(EventStatus.Unprocessable,
                    $"A purchase at {command.OccurredAt:O} is too late for this customer: its tier would need spend from before {account.PurchaseHorizon - _rules.TierWindow:O}, "
                    + $"which is no longer kept entry by entry. Purchases must have occurred after {account.PurchaseHorizon:O}; one at most Loyalty:LateEventDays ({_rules.LateEventDays}) days "
                    + $"before the customer's newest purchase ({account.LastPurchaseAt:O}) is always accepted.");
        }

        var place = new KpiPlace(command.Storefront, command.Market);
        var calendar = _fold.Calendar!;
        _fold.Places[orderId] = place;
        Scratch.AddRange(calendar.Add(new KpiPurchase(command.Storefront, command.Market, command.OccurredAt)));
        if (account.PurchaseHorizon is { } horizon)
        {
            calendar.ForgetBefore(horizon);
        }

        if (archivedBefore != account.State.ArchivedOrders)
        {
            ForgetPlacesOutOfMemory(account);
        }
        Scratch.AddRange(KpiFacts.Purchase(command.Storefront, command.Market, command.OccurredAt, reporting.Amount));
        CountPoints(outcome.Movements, place);
        var conversion = command.SessionId is null ? null : new SessionConversion(command.Storefront, command.SessionId, command.Market, command.OccurredAt, command.OrderId, reporting.Amount);
        var direct = command.SessionId is null ? new DirectOrder(command.Storefront, command.Market, command.OccurredAt, reporting.Amount) : null;
        var applied = outcome.AppliedCampaigns;
        var receipt = new PurchaseReceipt(
            command.OrderId, _customerId, outcome.PointsEarned, account.BalanceAt(now), account.TierAsOf(now).ToString(),
            applied.Count == 0 ? null : applied.Select(campaign => campaign.CampaignId).ToList());
        return Applied(account, now, receipt, outcome.ReferralAward, conversion, campaignRevision: applied.Count == 0 ? null : campaigns.Number) with { Direct = direct };
    }

    public Decision<RefundReceipt> Refund(RefundCommand command, DateTimeOffset now)
    {
        var account = Start();
        var orderId = Qualify(command.Storefront, command.OrderId);
        var outcome = account.Refund(Qualify(command.Storefront, command.RefundId), orderId, command.Amount, command.OccurredAt);
        switch (outcome.Status)
        {
            case RefundStatus.Accepted:
                var place = _fold.Places[orderId];
                Scratch.AddRange(KpiFacts.Refund(place.Storefront, place.Market, command.OccurredAt, outcome.ReportingAmount));
                CountPoints(outcome.Movements, place);
                return Applied(account, now, new RefundReceipt(command.RefundId, command.OrderId, outcome.PointsReversed, account.BalanceAt(now)));
            case RefundStatus.UnknownOrder:
                return Decision<RefundReceipt>.Refused(EventStatus.NotFound, $"Order '{command.OrderId}' is not known for this customer.");
            case RefundStatus.TooPrecise:
                var currency = account.State.Orders[orderId].Currency;
                var digits = _rules.MinorDigitsOf(currency);
                return Decision<RefundReceipt>.InvalidField("amount", digits == 0
                    ? $"must be a whole number in {currency}, the currency of order '{command.OrderId}', which has no minor unit"
                    : $"must have at most {digits} decimals in {currency}, the currency of order '{command.OrderId}'");
            case RefundStatus.ExceedsRefundable:
                return Decision<RefundReceipt>.Refused(EventStatus.Conflict,
                    $"The refund exceeds what is left to refund of order '{command.OrderId}' ({outcome.RemainingRefundable}).");
            default:
                return Decision<RefundReceipt>.Refused(EventStatus.Conflict, $"Refund '{command.RefundId}' was already recorded.");
        }
    }

    /// <param name="sentiment">The label of the review's text, decided by the caller when the review is accepted.</param>
    public Decision<ReviewReceipt> Review(ReviewCommand command, DateTimeOffset now, string? sentiment)
    {
        var account = Start();
        var (reviewId, orderId) = (Qualify(command.Storefront, command.ReviewId), Qualify(command.Storefront, command.OrderId));
        var outcome = account.Review(reviewId, orderId, command.Rating, command.OccurredAt, command.Text);
        if (outcome.Status == ReviewStatus.DuplicateReview)
        {
            return Decision<ReviewReceipt>.Refused(EventStatus.Conflict, $"Review '{command.ReviewId}' was already recorded.");
        }

        var place = _fold.Places.GetValueOrDefault(orderId) ?? new KpiPlace(command.Storefront, null);
        _fold.Places[reviewId] = place;
        Scratch.AddRange(KpiFacts.Review(place.Storefront, place.Market, command.OccurredAt, command.Rating));
        Scratch.AddRange(KpiFacts.Sentiment(place.Storefront, place.Market, command.OccurredAt, sentiment));
        CountPoints(outcome.Movements, place);
        var receipt = new ReviewReceipt(command.ReviewId, command.OrderId, outcome.PointsEarned, account.BalanceAt(now), sentiment);
        return Applied(account, now, receipt) with { Sentiment = sentiment };
    }

    /// <summary>
    /// A survey answer counts where its order was placed when the customer has that order, else in its
    /// storefront's scopes; it earns nothing. <paramref name="sentiment"/> is the comment's label.
    /// </summary>
    public Decision<SurveyReceipt> Survey(SurveyCommand command, DateTimeOffset now, string? sentiment)
    {
        if (!SurveyRules.TryParse(command.Kind, out var kind) || !SurveyRules.IsValidScore(kind, command.Score))
        {
            return Decision<SurveyReceipt>.Refused(EventStatus.Unprocessable, $"A {command.Kind} survey cannot have the score {command.Score}.");
        }

        var account = Start();
        var orderId = command.OrderId is null ? null : Qualify(command.Storefront, command.OrderId);
        var place = (orderId is null ? null : _fold.Places.GetValueOrDefault(orderId)) ?? new KpiPlace(command.Storefront, null);
        Scratch.AddRange(KpiFacts.Survey(place.Storefront, place.Market, command.OccurredAt, kind, command.Score));
        Scratch.AddRange(KpiFacts.Sentiment(place.Storefront, place.Market, command.OccurredAt, sentiment));
        return Applied(account, now, new SurveyReceipt(command.ResponseId, sentiment)) with { Sentiment = sentiment };
    }

    public Decision<ReferralReceipt> Referral(ReferralCommand command, DateTimeOffset now)
    {
        var account = Start();
        var outcome = account.RecordReferral(Qualify(command.Storefront, command.ReferralId), command.ReferrerId, command.OccurredAt);
        return Applied(account, now, new ReferralReceipt(command.ReferralId, command.ReferrerId, _customerId, ApiName(outcome.Status)), outcome.ReferralAward);
    }

    /// <param name="sentiment">The label of the complaint's note, decided by the caller when the complaint is accepted.</param>
    public Decision<ComplaintReceipt> OpenComplaint(ComplaintCommand command, DateTimeOffset now, string? sentiment)
    {
        if (!ComplaintCategoryNames.TryParse(command.Category, out var category))
        {
            return Decision<ComplaintReceipt>.Refused(EventStatus.Unprocessable, $"Complaint category '{command.Category}' is not supported.");
        }

        var account = Start();
        var orderId = command.OrderId is null ? null : Qualify(command.Storefront, command.OrderId);
        var complaintId = Qualify(command.Storefront, command.ComplaintId);
        var outcome = account.OpenComplaint(complaintId, orderId, category, command.OccurredAt, command.Note);
        if (outcome.Status == ComplaintStatus.Opened)
        {
            var place = (orderId is null ? null : _fold.Places.GetValueOrDefault(orderId)) ?? new KpiPlace(command.Storefront, null);
            _fold.Places[complaintId] = place;
            Scratch.AddRange(KpiFacts.ComplaintOpened(place.Storefront, place.Market, command.OccurredAt, category));
            Scratch.AddRange(KpiFacts.Sentiment(place.Storefront, place.Market, command.OccurredAt, sentiment));
            CountBreaches(outcome.NewBreaches);
            return ComplaintDecision(account, now, command.ComplaintId, complaintId, outcome) with { Sentiment = sentiment };
        }

        return ComplaintDecision(account, now, command.ComplaintId, complaintId, outcome);
    }

    public Decision<ComplaintReceipt> RespondToComplaint(ComplaintProgressCommand command, DateTimeOffset now)
    {
        var account = Start();
        var complaintId = Qualify(command.Storefront, command.ComplaintId);
        return ProgressComplaint(account, now, command.ComplaintId, complaintId, () => account.RecordComplaintResponse(complaintId, command.OccurredAt));
    }

    public Decision<ComplaintReceipt> ResolveComplaint(ComplaintProgressCommand command, DateTimeOffset now)
    {
        var account = Start();
        var complaintId = Qualify(command.Storefront, command.ComplaintId);
        return ProgressComplaint(account, now, command.ComplaintId, complaintId, () => account.ResolveComplaint(complaintId, command.OccurredAt));
    }

    /// <summary><paramref name="known"/>: the customer has any event at all (a redemption never creates one).</summary>
    public Decision<RedemptionReceipt> Redeem(RedemptionCommand command, DateTimeOffset now, bool known)
    {
        var account = Start();
        if (!known && account.LifetimePoints == 0)
        {
            return Decision<RedemptionReceipt>.Refused(EventStatus.NotFound, "The grid has never heard of this customer.");
        }

        var outcome = account.Redeem(Qualify(command.Requester, command.RedemptionId), command.Points, now);
        if (outcome.Status != RedemptionStatus.Redeemed)
        {
            return Decision<RedemptionReceipt>.Refused(EventStatus.Conflict,
                $"The balance ({outcome.Balance}) is smaller than the {command.Points} points asked for.");
        }

        // A storefront's redemption counts at that storefront (in the customer's home market); the customer's own at its home.
        var home = HomePlace();
        CountPoints(outcome.Movements, command.Requester == RedemptionCommand.CustomerRequester ? home : new KpiPlace(command.Requester, home?.Market));
        return Applied(account, now, new RedemptionReceipt(command.RedemptionId, command.Points, outcome.Balance));
    }

    public const string InsufficientPointsProblem = "The balance is smaller than the reward's points cost.";

    /// <summary>
    /// First step of a claim: holds the reward's cost (spent like a redemption) and keeps the
    /// claim pending until its reward decides the stock. <paramref name="known"/> as for redemptions.
    /// </summary>
    public Decision<ClaimHoldReceipt> StartClaim(ClaimStart start, DateTimeOffset now, bool known)
    {
        var account = Start();
        if (!known && account.LifetimePoints == 0)
        {
            return Decision<ClaimHoldReceipt>.Refused(EventStatus.NotFound, "The grid has never heard of this customer.");
        }

        var key = Qualify(start.Requester, start.ClaimId);
        var outcome = account.HoldForClaim(key, start.PointsCost, now);
        if (outcome.Status != ClaimStatus.Held)
        {
            return Decision<ClaimHoldReceipt>.Refused(EventStatus.Conflict, InsufficientPointsProblem);
        }

        _fold.PendingClaims[key] = start;
        CountPoints(outcome.Movements, ClaimPlace(start.Requester));
        return Applied(account, now, new ClaimHoldReceipt(start.ClaimId, start.RewardId, start.PointsCost, account.BalanceAt(now)));
    }

    /// <summary>The reward took stock for the pending claim: its points stay spent and the claim is announced.</summary>
    public Decision<ClaimReceipt> CompleteClaim(ClaimSettlement settlement, DateTimeOffset now)
    {
        var account = Start();
        if (!_fold.PendingClaims.Remove(settlement.ClaimKey, out var start) || account.CompleteClaim(settlement.ClaimKey).Status != ClaimStatus.Completed)
        {
            return Decision<ClaimReceipt>.Refused(EventStatus.Conflict, "No points are held for this claim.");
        }

        var receipt = new ClaimReceipt(start.ClaimId, start.RewardId, start.CouponCode, start.PointsCost, account.BalanceAt(now), start.ExpiresAt);
        var place = ClaimPlace(start.Requester);
        Scratch.AddRange(KpiFacts.RewardClaimed(place?.Storefront, place?.Market, start.ClaimedAt));
        return Applied(account, now, receipt, notices: [new RewardClaimedNotice(_customerId, now, start.ClaimId, start.RewardId)]);
    }

    /// <summary>The reward had no stock for the pending claim: its held points come back.</summary>
    public Decision<ClaimRefusedReceipt> ReturnClaim(ClaimSettlement settlement, DateTimeOffset now)
    {
        var account = Start();
        if (!_fold.PendingClaims.Remove(settlement.ClaimKey, out var start))
        {
            return Decision<ClaimRefusedReceipt>.Refused(EventStatus.Conflict, "No points are held for this claim.");
        }

        var outcome = account.ReturnClaim(settlement.ClaimKey, now);
        CountPoints(outcome.Movements, ClaimPlace(start.Requester));
        return Applied(account, now, new ClaimRefusedReceipt(start.ClaimId, start.RewardId, outcome.Points, account.BalanceAt(now)));
    }

    /// <summary>A coupon of this customer was used at checkout: counted at the redeeming storefront, in the customer's home market.</summary>
    public Decision<CouponRedemptionReceipt> CountCouponRedemption(CouponRedemptionCommand command, DateTimeOffset now)
    {
        var account = Start();
        Scratch.AddRange(KpiFacts.CouponRedeemed(command.Storefront, HomePlace()?.Market, command.RedeemedAt));
        return Applied(account, now, new CouponRedemptionReceipt(command.ClaimKey, command.OrderId));
    }

    // A claim's points count where a redemption by the same requester would.
    private KpiPlace? ClaimPlace(string requester)
    {
        var home = HomePlace();
        return requester == RedemptionCommand.CustomerRequester ? home : new KpiPlace(requester, home?.Market);
    }

    public Decision<ReferralAwardReceipt> AwardReferral(ReferralAwardCommand command, DateTimeOffset now)
    {
        var account = Start();
        var outcome = account.AwardReferral(command.RefereeId, command.OccurredAt);
        if (outcome.Status != ReferralAwardStatus.Awarded)
        {
            return Decision<ReferralAwardReceipt>.Refused(EventStatus.Conflict, "This referee was already paid for, or is the customer itself.");
        }

        CountPoints(outcome.Movements, HomePlace());
        return Applied(account, now, new ReferralAwardReceipt(command.RefereeId, outcome.PointsEarned));
    }

    /// <summary>
    /// Moves the account to server time. Refused (nothing to journal) when nothing changed:
    /// no point expired, no deadline passed, no gauge moved and no one is to be told anything.
    /// </summary>
    public Decision<TimeReceipt> Advance(DateTimeOffset now)
    {
        var account = Start();
        var advance = account.AdvanceTo(now);
        CountPoints(advance.Expiry.Movements, eventPlace: null);
        CountBreaches(advance.NewBreaches);
        var decision = Applied(account, now, new TimeReceipt(advance.Expiry.PointsExpired, advance.NewBreaches.Count), notices: advance.ExpiryNotices);
        return decision.Kpis.Count == 0 && advance.Expiry.Movements.Count == 0 && advance.NewBreaches.Count == 0 && decision.Notices is null
            ? Decision<TimeReceipt>.Refused(EventStatus.Conflict, "Nothing changed.")
            : decision;
    }

    public Decision<ErasureReceipt> Erase(DateTimeOffset now)
    {
        var account = Start();
        account.Erase();
        return new Decision<ErasureReceipt>(EventResult<ErasureReceipt>.Applied(new ErasureReceipt(true)), []);
    }

    /// <summary>When something time-dependent next changes (at or before <paramref name="now"/>: already due); null when nothing ever will.</summary>
    public DateTimeOffset? NextDueAt(DateTimeOffset now) => _fold.Account is null ? null : Account().NextDueAt(now);

    private CustomerAccount Start()
    {
        Scratch.Clear();
        return Account();
    }

    private Decision<TReceipt> Applied<TReceipt>(
        CustomerAccount account,
        DateTimeOffset now,
        TReceipt receipt,
        ReferralAward? award = null,
        SessionConversion? conversion = null,
        IReadOnlyList<Notice>? notices = null,
        long? campaignRevision = null)
        where TReceipt : class
    {
        // Only what the gauge needs: a whole read (expiring points by day, net spend) costs more than the event.
        var gauge = CustomerKpiGauge.Of(account.LifecycleAsOf(now), account.TierAsOf(now), account.OpenComplaints, account.BalanceAt(now), _fold.Calendar!.Home);
        Scratch.AddRange(CustomerKpiMembership.GaugeDeltas(_fold.Gauge, gauge));
        // The gauge is the tier as of server time as last decided, so comparing with it tells every
        // change once, whichever event (a purchase, a refund, the time event of spend ageing out) made it.
        var told = Notices(account, now, _fold.Gauge?.Tier ?? Tier.Member, gauge.Tier, notices);
        _fold.Gauge = gauge;
        var kpis = KpiDelta.Compact(Scratch);
        Scratch.Clear();
        return new Decision<TReceipt>(EventResult<TReceipt>.Applied(receipt), kpis, award, conversion, told, CampaignRevision: campaignRevision);
    }

    /// <summary>
    /// What the event tells the shop's other systems: the caller's notices, the tier change and the
    /// lots due their expiry notice by <paramref name="now"/> (any event may be the first to see
    /// that moment pass); null when nothing, the common case, which allocates nothing.
    /// </summary>
    private static List<Notice>? Notices(CustomerAccount account, DateTimeOffset now, Tier previousTier, Tier tier, IReadOnlyList<Notice>? given)
    {
        List<Notice>? told = given is { Count: > 0 } ? [.. given] : null;
        if (account.NoticeTierChange(previousTier, tier, now) is { } tierChanged)
        {
            (told ??= []).Add(tierChanged);
        }

        if (account.NoticeExpiringPoints(now) is { Count: > 0 } expiring)
        {
            (told ??= []).AddRange(expiring);
        }

        return told;
    }

    private Decision<ComplaintReceipt> ProgressComplaint(CustomerAccount account, DateTimeOffset now, string apiComplaintId, string complaintId, Func<ComplaintOutcome> progress)
    {
        var complaint = account.State.Complaints.GetValueOrDefault(complaintId);
        var (answeredBefore, resolvedBefore) = (complaint?.FirstAnsweredAt, complaint?.ResolvedAt);
        var outcome = progress();
        if (outcome.Status is ComplaintStatus.Recorded)
        {
            var record = account.State.Complaints[complaintId];
            var place = _fold.Places[record.ComplaintId];
            Scratch.AddRange(KpiFacts.FirstResponseChanged(place.Storefront, place.Market, record.OpenedAt, answeredBefore, record.FirstAnsweredAt));
            Scratch.AddRange(KpiFacts.ResolutionChanged(place.Storefront, place.Market, record.OpenedAt, resolvedBefore, record.ResolvedAt));
            Scratch.AddRange(KpiFacts.SlaBreaches(place.Storefront, place.Market, outcome.NewBreaches, outcome.WithdrawnBreaches));
        }

        return ComplaintDecision(account, now, apiComplaintId, complaintId, outcome);
    }

    private Decision<ComplaintReceipt> ComplaintDecision(CustomerAccount account, DateTimeOffset now, string apiComplaintId, string complaintId, ComplaintOutcome outcome)
    {
        switch (outcome.Status)
        {
            case ComplaintStatus.NotFound:
                return Decision<ComplaintReceipt>.Refused(EventStatus.NotFound, $"Complaint '{apiComplaintId}' is not known for this customer.");
            case ComplaintStatus.DuplicateComplaint:
                return Decision<ComplaintReceipt>.Refused(EventStatus.Conflict, $"Complaint '{apiComplaintId}' was already opened.");
        }

        var complaint = account.State.Complaints[complaintId];
        var progress = complaint.ResolvedAt is not null ? "resolved" : complaint.RespondedAt is not null ? "responded" : "open";
        return Applied(account, now, new ComplaintReceipt(apiComplaintId, _customerId, progress, account.OpenComplaints));
    }

    private void CountBreaches(IEnumerable<SlaBreach> breaches)
    {
        foreach (var breach in breaches)
        {
            var place = _fold.Places[breach.ComplaintId];
            Scratch.AddRange(KpiFacts.SlaBreaches(place.Storefront, place.Market, [breach], []));
        }
    }

    /// <summary>
    /// Point flows count where the event that caused them happened; expiries where the points
    /// were earned; a movement with no place (a customer-token redemption, a referral award)
    /// at the customer's home, and with no home in the grid only (a null storefront and market).
    /// </summary>
    private void CountPoints(IEnumerable<PointMovement> movements, KpiPlace? eventPlace)
    {
        foreach (var movement in movements)
        {
            var place = movement.Kind == PointMovementKind.Expire
                ? _fold.Places.GetValueOrDefault(movement.ReferenceId) ?? HomePlace()
                : eventPlace ?? _fold.Places.GetValueOrDefault(movement.ReferenceId) ?? HomePlace();
            Scratch.AddRange(KpiFacts.Points(place?.Storefront, place?.Market, movement));
        }
    }

    private KpiPlace? HomePlace() =>
        _fold.Calendar!.Home is { } home ? new KpiPlace(home.Storefront, home.Market) : null;

    // Places are only needed for what later events can still refer to in memory, and for open
    // lots, whose expiry counts where they were earned; an order paged back in brings its own.
    private void ForgetPlacesOutOfMemory(CustomerAccount account)
    {
        var state = account.State;
        var lotReferences = state.Lots.Select(lot => lot.ReferenceId).ToHashSet(StringComparer.Ordinal);
        var forgotten = _fold.Places.Keys
            .Where(id => !state.Orders.ContainsKey(id) && !state.Reviews.ContainsKey(id) && !state.Complaints.ContainsKey(id) && !lotReferences.Contains(id))
            .ToList();
        foreach (var id in forgotten)
        {
            _fold.Places.Remove(id);
        }
    }

    private static string ApiName(ReferralStatus status) => status switch
    {
        ReferralStatus.Recorded => "recorded",
        ReferralStatus.SelfReferral => "self-referral",
        ReferralStatus.AlreadyPurchased => "already-purchased",
        ReferralStatus.AlreadyReferred => "already-referred",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>Ids are qualified by the storefront that sent them (or the requester, for redemptions): two storefronts may reuse an id.</summary>
    public static string Qualify(string idNamespace, string id) => $"{idNamespace}/{id}";
}
