using System.Text.Json;
using LoyaltyGrid.Domain;
using LoyaltyGrid.Domain.Complaints;
using LoyaltyGrid.Domain.Currency;
using LoyaltyGrid.Domain.Customers;
using LoyaltyGrid.Domain.Lifecycle;
using LoyaltyGrid.Domain.Points;
using LoyaltyGrid.Grains.Kpis;
using LoyaltyGrid.Grains.Observability;
using LoyaltyGrid.Grains.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LoyaltyGrid.Grains.Customers;

/// <summary>
/// Owns one customer's state and time; every decision is the domain's
/// (<see cref="CustomerAccount"/>). The grain adds what the domain cannot know: idempotency
/// across retries, durability, the clock, reminders, and delivery to other grains.
/// </summary>
/// <remarks>
/// An event is answered only after its effect and its idempotency record are stored in one
/// write. Refused events and failed writes reload the stored state, so what is in memory is
/// always what is in PostgreSQL. Ids are qualified by the storefront that sent them (or by the
/// requester, for redemptions), because two storefronts may use the same order id.
/// Customers erased on request are retired: retries of their old events are still answered as
/// before, new events are refused, and reads find no customer.
/// </remarks>
public sealed partial class CustomerGrain(
    [PersistentState(OutboxStateNames.Customer, StorageNames.Loyalty)] IPersistentState<CustomerGrainState> state,
    LoyaltyRules rules,
    TimeProvider clock,
    IOptions<KpiPipelineOptions> pipeline,
    LoyaltyGridMetrics metrics,
    ILogger<CustomerGrain> logger)
    : Grain, ICustomerGrain, IRemindable
{
    private const string UpkeepReminder = "upkeep";

    // Reminders fire at least this often while anything is time-dependent (rules.md: expiry at least daily).
    private static readonly TimeSpan UpkeepPeriod = TimeSpan.FromDays(1);

    private static readonly TimeSpan MinimumUpkeepDelay = TimeSpan.FromSeconds(2);

    private readonly CurrencyConverter _currency = new(rules);

    // When the upkeep reminder is next due and how often it ticks, as far as this activation has scheduled it.
    private DateTimeOffset? _upkeepDueAt;
    private TimeSpan? _upkeepPeriod;

    private KpiOutboxSender? _kpiSender;
    private OutboxSettler? _settler;

    private string CustomerId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _settler = new OutboxSettler(this, pipeline.Value.SettleDelay, WriteAsync, logger);
        _kpiSender = new KpiOutboxSender(GrainFactory, () => state.State.Kpis, _settler.Delivered, logger);
        await DeliverPendingMessagesAsync();
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _kpiSender?.Stop();
        return Task.CompletedTask;
    }

    public Task<EventResult<PurchaseReceipt>> Purchase(PurchaseCommand command) =>
        ApplyAsync(Key("purchase", command.Storefront, command.OrderId), command, account =>
        {
            if (!_currency.TryToReporting(command.Amount, command.Currency, out var reporting))
            {
                return EventResult<PurchaseReceipt>.Failed(EventStatus.Unprocessable, $"Currency '{command.Currency}' is not supported.");
            }

            var items = command.Items?.Select(item => new OrderItem(item.Sku, item.Quantity, item.UnitPrice, item.Category)).ToList();
            var orderId = Qualify(command.Storefront, command.OrderId);
            var outcome = account.Purchase(orderId, command.Amount, command.Currency, reporting.Amount, command.OccurredAt, items);
            if (outcome.Status != PurchaseStatus.Accepted)
            {
                return EventResult<PurchaseReceipt>.Failed(EventStatus.Conflict, $"Order '{command.OrderId}' was already recorded.");
            }

            Owe(outcome.ReferralAward);
            CountPurchase(command, orderId, reporting.Amount, outcome.Movements);
            var now = clock.GetUtcNow();
            return EventResult<PurchaseReceipt>.Applied(new PurchaseReceipt(
                command.OrderId, CustomerId, outcome.PointsEarned, account.BalanceAt(now), account.TierAsOf(now).ToString()));
        });

    public Task<EventResult<RefundReceipt>> Refund(RefundCommand command) =>
        ApplyAsync(Key("refund", command.Storefront, command.RefundId), command, account =>
        {
            var orderId = Qualify(command.Storefront, command.OrderId);
            var outcome = account.Refund(Qualify(command.Storefront, command.RefundId), orderId, command.Amount, command.OccurredAt);
            if (outcome.Status == RefundStatus.Accepted)
            {
                CountRefund(orderId, command.OccurredAt, outcome.ReportingAmount, outcome.Movements);
            }

            return outcome.Status switch
            {
                RefundStatus.Accepted => EventResult<RefundReceipt>.Applied(new RefundReceipt(
                    command.RefundId, command.OrderId, outcome.PointsReversed, account.BalanceAt(clock.GetUtcNow()))),
                RefundStatus.UnknownOrder => EventResult<RefundReceipt>.Failed(EventStatus.NotFound, $"Order '{command.OrderId}' is not known for this customer."),
                RefundStatus.ExceedsRefundable => EventResult<RefundReceipt>.Failed(EventStatus.Conflict,
                    $"The refund exceeds what is left to refund of order '{command.OrderId}' ({outcome.RemainingRefundable})."),
                _ => EventResult<RefundReceipt>.Failed(EventStatus.Conflict, $"Refund '{command.RefundId}' was already recorded."),
            };
        });

    public Task<EventResult<ReviewReceipt>> Review(ReviewCommand command) =>
        ApplyAsync(Key("review", command.Storefront, command.ReviewId), command, account =>
        {
            var (reviewId, orderId) = (Qualify(command.Storefront, command.ReviewId), Qualify(command.Storefront, command.OrderId));
            var outcome = account.Review(reviewId, orderId, command.Rating, command.OccurredAt, command.Text);
            if (outcome.Status == ReviewStatus.DuplicateReview)
            {
                return EventResult<ReviewReceipt>.Failed(EventStatus.Conflict, $"Review '{command.ReviewId}' was already recorded.");
            }

            CountReview(command.Storefront, reviewId, orderId, command.Rating, command.OccurredAt, outcome.Movements);
            return EventResult<ReviewReceipt>.Applied(new ReviewReceipt(
                command.ReviewId, command.OrderId, outcome.PointsEarned, account.BalanceAt(clock.GetUtcNow())));
        });

    public Task<EventResult<ReferralReceipt>> RecordReferral(ReferralCommand command) =>
        ApplyAsync(Key("referral", command.Storefront, command.ReferralId), command, account =>
        {
            var outcome = account.RecordReferral(Qualify(command.Storefront, command.ReferralId), command.ReferrerId, command.OccurredAt);
            Owe(outcome.ReferralAward);
            return EventResult<ReferralReceipt>.Applied(new ReferralReceipt(command.ReferralId, command.ReferrerId, CustomerId, ApiName(outcome.Status)));
        });

    public Task<EventResult<ComplaintReceipt>> OpenComplaint(ComplaintCommand command) =>
        ApplyAsync(Key("complaint", command.Storefront, command.ComplaintId), command, account =>
        {
            if (!ComplaintCategoryNames.TryParse(command.Category, out var category))
            {
                return EventResult<ComplaintReceipt>.Failed(EventStatus.Unprocessable, $"Complaint category '{command.Category}' is not supported.");
            }

            var orderId = command.OrderId is null ? null : Qualify(command.Storefront, command.OrderId);
            var complaintId = Qualify(command.Storefront, command.ComplaintId);
            var outcome = account.OpenComplaint(complaintId, orderId, category, command.OccurredAt, command.Note);
            if (outcome.Status == ComplaintStatus.Opened)
            {
                CountComplaintOpened(command.Storefront, complaintId, orderId, category, command.OccurredAt);
                CountBreaches(outcome.NewBreaches);
            }

            return ComplaintResult(account, command.ComplaintId, complaintId, outcome);
        });

    public Task<EventResult<ComplaintReceipt>> RecordComplaintResponse(ComplaintProgressCommand command) =>
        ApplyAsync(Key("complaint-response", command.Storefront, command.ComplaintId), command, account =>
        {
            var complaintId = Qualify(command.Storefront, command.ComplaintId);
            return ProgressComplaint(account, command.ComplaintId, complaintId, () => account.RecordComplaintResponse(complaintId, command.OccurredAt));
        });

    public Task<EventResult<ComplaintReceipt>> ResolveComplaint(ComplaintProgressCommand command) =>
        ApplyAsync(Key("complaint-resolution", command.Storefront, command.ComplaintId), command, account =>
        {
            var complaintId = Qualify(command.Storefront, command.ComplaintId);
            return ProgressComplaint(account, command.ComplaintId, complaintId, () => account.ResolveComplaint(complaintId, command.OccurredAt));
        });

    public Task<EventResult<RedemptionReceipt>> Redeem(RedemptionCommand command) =>
        ApplyAsync(Key("redemption", command.Requester, command.RedemptionId), command, account =>
        {
            if (state.State.Processed.Count == 0 && account.LifetimePoints == 0)
            {
                return EventResult<RedemptionReceipt>.Failed(EventStatus.NotFound, "The grid has never heard of this customer.");
            }

            var outcome = account.Redeem(Qualify(command.Requester, command.RedemptionId), command.Points, clock.GetUtcNow());
            if (outcome.Status != RedemptionStatus.Redeemed)
            {
                return EventResult<RedemptionReceipt>.Failed(EventStatus.Conflict,
                    $"The balance ({outcome.Balance}) is smaller than the {command.Points} points asked for.");
            }

            // A storefront's redemption counts at that storefront (in the customer's home market); the customer's own at its home.
            var home = HomePlace();
            CountPoints(outcome.Movements, command.Requester == RedemptionCommand.CustomerRequester ? home : new KpiPlace(command.Requester, home?.Market));
            return EventResult<RedemptionReceipt>.Applied(new RedemptionReceipt(command.RedemptionId, command.Points, outcome.Balance));
        });

    public async Task AwardReferral(ReferralAwardCommand command)
    {
        if (state.State.Account is { Erased: true })
        {
            LogAwardToErasedCustomer();
            return;
        }

        var account = OpenAccount();
        var outcome = account.AwardReferral(command.RefereeId, command.OccurredAt);
        if (outcome.Status != ReferralAwardStatus.Awarded)
        {
            await ReloadAsync();
            return;
        }

        CountPoints(outcome.Movements, HomePlace());
        RecordKpiContribution(account);
        await WriteAsync();
        _kpiSender!.Send();
        await ScheduleUpkeepAsync(account);
    }

    public async Task DeliverPending()
    {
        await DeliverPendingMessagesAsync();
        if (!state.State.OwesMessages)
        {
            // What is stored may still say otherwise; storing it again is what stops the sweeper.
            _settler!.Delivered();
        }
    }

    public Task<CustomerView?> Get()
    {
        if (state.State.Account is null or { Erased: true })
        {
            return Task.FromResult<CustomerView?>(null);
        }

        var snapshot = OpenAccount().Snapshot(clock.GetUtcNow());
        return Task.FromResult<CustomerView?>(new CustomerView(
            snapshot.CustomerId,
            snapshot.Balance,
            snapshot.Tier.ToString(),
            snapshot.LifetimePoints,
            snapshot.Orders,
            snapshot.NetSpend,
            snapshot.FirstPurchaseAt,
            snapshot.LastPurchaseAt,
            snapshot.Lifecycle.ToApiName(),
            snapshot.OpenComplaints,
            [.. snapshot.Expiring.Select(expiring => new ExpiringPointsView(expiring.Points, expiring.ExpiresAt))]));
    }

    public Task<IReadOnlyList<PointMovementView>?> History(int limit)
    {
        if (state.State.Account is null or { Erased: true })
        {
            return Task.FromResult<IReadOnlyList<PointMovementView>?>(null);
        }

        var movements = OpenAccount().RecentMovements(limit)
            .Select(movement => new PointMovementView(movement.Kind.ToApiName(), movement.Points, movement.BalanceAfter, movement.OccurredAt, movement.ReferenceId))
            .ToList();
        return Task.FromResult<IReadOnlyList<PointMovementView>?>(movements);
    }

    public async Task<bool> Erase()
    {
        if (state.State.Account is null)
        {
            return false;
        }

        if (!state.State.Account.Erased)
        {
            OpenAccount().Erase();
            await WriteAsync();
        }

        return true;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != UpkeepReminder)
        {
            return;
        }

        // The reminder's next tick is one period on; scheduling below moves it only if it must.
        _upkeepDueAt = clock.GetUtcNow() + (_upkeepPeriod ?? UpkeepPeriod);
        if (state.State.Account is null)
        {
            await StopUpkeepAsync();
            return;
        }

        // An erased customer keeps moving here: its balance is still the programme's liability
        // and its contribution to the lifecycle and tier counts still ages.
        var account = OpenAccount();
        var advance = account.AdvanceTo(clock.GetUtcNow());
        CountPoints(advance.Expiry.Movements, eventPlace: null);
        CountBreaches(advance.NewBreaches);
        RecordKpiContribution(account);
        await WriteAsync();
        _kpiSender!.Send();

        await DeliverPendingMessagesAsync();
        if (!await ScheduleUpkeepAsync(account))
        {
            // Nothing will change by itself any more (e.g. a lapsed customer without points).
            await StopUpkeepAsync();
        }
    }

    private async Task<EventResult<TReceipt>> ApplyAsync<TCommand, TReceipt>(
        string eventKey, TCommand command, Func<CustomerAccount, EventResult<TReceipt>> apply)
        where TReceipt : class
    {
        var fingerprint = EventFingerprint.Of(command);
        if (state.State.Processed.TryGetValue(eventKey, out var processed))
        {
            return processed.Fingerprint == fingerprint
                ? new EventResult<TReceipt>(EventStatus.Duplicate, processed.Receipt.Deserialize<TReceipt>(ReceiptJson))
                : EventResult<TReceipt>.Failed(EventStatus.Conflict, "This id was already used for an event with different content.");
        }

        if (state.State.Account is { Erased: true })
        {
            return EventResult<TReceipt>.Failed(EventStatus.Conflict, "This customer was erased and takes no new events.");
        }

        var account = OpenAccount();
        _eventDeltas.Clear();
        var result = apply(account);
        if (result.Status != EventStatus.Applied)
        {
            // The domain may have started on the state (expiring lots as of the event) before refusing.
            _eventDeltas.Clear();
            await ReloadAsync();
            return result;
        }

        state.State.Processed[eventKey] = new ProcessedEvent
        {
            Fingerprint = fingerprint,
            Receipt = JsonSerializer.SerializeToElement(result.Receipt, ReceiptJson),
        };
        RecordKpiContribution(account);
        await WriteAsync();
        _kpiSender!.Send();
        await DeliverPendingMessagesAsync();
        await ScheduleUpkeepAsync(account);
        return result;
    }

    private CustomerAccount OpenAccount()
    {
        state.State.Account ??= new CustomerState { CustomerId = CustomerId };
        return new CustomerAccount(state.State.Account, rules);
    }

    private void Owe(ReferralAward? award)
    {
        if (award is not null)
        {
            state.State.PendingAwards.Add(new PendingReferralAward { ReferrerId = award.ReferrerId, OccurredAt = award.OccurredAt });
        }
    }

    private async Task DeliverPendingMessagesAsync()
    {
        _kpiSender!.Send();
        await DeliverPendingAwardsAsync();
        await DeliverPendingConversionsAsync();
    }

    // The referee's write that made the award due is already stored, so a failure here only
    // delays the award: it stays pending and is retried on activation and by the reminder. The
    // referrer pays once per referee, so a retry after a lost acknowledgement is harmless.
    private async Task DeliverPendingAwardsAsync()
    {
        var pending = state.State.PendingAwards;
        if (pending.Count == 0)
        {
            return;
        }

        var delivered = false;
        foreach (var award in pending.ToList())
        {
            try
            {
                await GrainFactory.GetGrain<ICustomerGrain>(award.ReferrerId).AwardReferral(new ReferralAwardCommand(CustomerId, award.OccurredAt));
                pending.Remove(award);
                delivered = true;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogAwardDeliveryFailed(ex);
            }
        }

        if (delivered)
        {
            _settler!.Delivered();
        }
    }

    /// <summary>
    /// Makes sure the upkeep reminder fires by the next due moment; false when nothing is due ever.
    /// Messages owed to other grains need no reminder of their own: if this activation dies with
    /// them, <see cref="OutboxSweeperGrain"/> finds them in the stored state and wakes the grain.
    /// </summary>
    private async Task<bool> ScheduleUpkeepAsync(CustomerAccount account)
    {
        var now = clock.GetUtcNow();
        var period = UpkeepPeriod;
        var due = account.NextDueAt(now);
        if (due is null)
        {
            return false;
        }

        var target = due.Value < now ? now : Earliest(due.Value, now + period)!.Value;
        // Re-registering writes a row; only move the reminder when it must fire earlier or at another pace.
        if (_upkeepPeriod == period && _upkeepDueAt is not null && target >= _upkeepDueAt.Value - TimeSpan.FromMinutes(1))
        {
            return true;
        }

        // Orleans counts a reminder's ticks from its start, and a start already past when the
        // reminder is loaded waits for the next period; work due now starts a moment ahead.
        var dueTime = target - now < MinimumUpkeepDelay ? MinimumUpkeepDelay : target - now;
        await this.RegisterOrUpdateReminder(UpkeepReminder, dueTime, period);
        (_upkeepDueAt, _upkeepPeriod) = (now + dueTime, period);
        return true;
    }

    private async Task StopUpkeepAsync()
    {
        var reminder = await this.GetReminder(UpkeepReminder);
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }

        (_upkeepDueAt, _upkeepPeriod) = (null, null);
    }

    private async Task WriteAsync()
    {
        var started = clock.GetTimestamp();
        try
        {
            await state.WriteStateAsync();
            _settler?.Saved();
            metrics.StorageWrite(StorageWrites.Customer, clock.GetElapsedTime(started), StorageWrites.Stored);
        }
        catch
        {
            metrics.StorageWrite(StorageWrites.Customer, clock.GetElapsedTime(started), StorageWrites.Failed);
            // Whatever was not stored must not be served from memory.
            await ReloadAsync();
            throw;
        }
    }

    private async Task ReloadAsync()
    {
        try
        {
            await state.ReadStateAsync();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Storage is down: drop the activation so the next call starts from what is stored.
            LogReloadFailed(ex);
            DeactivateOnIdle();
        }
    }

    private EventResult<ComplaintReceipt> ProgressComplaint(CustomerAccount account, string apiComplaintId, string complaintId, Func<ComplaintOutcome> progress)
    {
        var complaint = account.State.Complaints.GetValueOrDefault(complaintId);
        var (answeredBefore, resolvedBefore) = (complaint?.FirstAnsweredAt, complaint?.ResolvedAt);
        var outcome = progress();
        if (outcome.Status is ComplaintStatus.Recorded)
        {
            CountComplaintProgress(account.State.Complaints[complaintId], answeredBefore, resolvedBefore, outcome);
        }

        return ComplaintResult(account, apiComplaintId, complaintId, outcome);
    }

    private EventResult<ComplaintReceipt> ComplaintResult(CustomerAccount account, string apiComplaintId, string complaintId, ComplaintOutcome outcome)
    {
        switch (outcome.Status)
        {
            case ComplaintStatus.NotFound:
                return EventResult<ComplaintReceipt>.Failed(EventStatus.NotFound, $"Complaint '{apiComplaintId}' is not known for this customer.");
            case ComplaintStatus.DuplicateComplaint:
                return EventResult<ComplaintReceipt>.Failed(EventStatus.Conflict, $"Complaint '{apiComplaintId}' was already opened.");
        }

        var complaint = account.State.Complaints[complaintId];
        var progress = complaint.ResolvedAt is not null ? "resolved" : complaint.RespondedAt is not null ? "responded" : "open";
        return EventResult<ComplaintReceipt>.Applied(new ComplaintReceipt(apiComplaintId, CustomerId, progress, account.OpenComplaints));
    }

    private static string ApiName(ReferralStatus status) => status switch
    {
        ReferralStatus.Recorded => "recorded",
        ReferralStatus.SelfReferral => "self-referral",
        ReferralStatus.AlreadyPurchased => "already-purchased",
        ReferralStatus.AlreadyReferred => "already-referred",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset b) => a is null || b < a ? b : a;

    private static string Key(string kind, string idNamespace, string id) => $"{kind}:{Qualify(idNamespace, id)}";

    private static string Qualify(string idNamespace, string id) => $"{idNamespace}/{id}";

    private static readonly JsonSerializerOptions ReceiptJson = new(JsonSerializerDefaults.Web);

    // Logs name no customer or session: ids are personal data, and the grain's state in PostgreSQL
    // says which award or conversion is pending for whoever must look.
    [LoggerMessage(Level = LogLevel.Warning, Message = "A referral award reached an erased customer; nothing was paid")]
    private partial void LogAwardToErasedCustomer();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivering a referral award failed; it stays pending and will be retried")]
    private partial void LogAwardDeliveryFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivering a session conversion failed; it stays pending and will be retried")]
    private partial void LogConversionDeliveryFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reloading customer state after a refused or failed write failed; deactivating")]
    private partial void LogReloadFailed(Exception exception);
}
