using System.Text.Json;
using LoyaltyGrid.Domain;
using LoyaltyGrid.Domain.Campaigns;
using LoyaltyGrid.Domain.Lifecycle;
using LoyaltyGrid.Domain.Points;
using LoyaltyGrid.Grains.Feedback;
using LoyaltyGrid.Grains.Campaigns;
using LoyaltyGrid.Grains.Journaling;
using LoyaltyGrid.Grains.Observability;
using LoyaltyGrid.Grains.Rewards;
using LoyaltyGrid.Journal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace LoyaltyGrid.Grains.Customers;

/// <summary>
/// Owns one customer: its stream in the event journal and the account folded from it. Every
/// decision is the domain's, made through <see cref="CustomerDecider"/>; the grain adds what the
/// domain cannot know: idempotency across retries, durability, and the clock.
/// </summary>
/// <remarks>
/// An event is answered only after it is appended to the journal (one row: the command, its
/// fingerprint, the receipt and the KPI changes, messages and due moment it made). Nothing else
/// is written on the request path: KPIs, referral awards and session conversions are projections
/// of the journal, and snapshots are stored every few events and on deactivation without anyone
/// waiting. A refused event or a failed append reloads from the journal, so what is in memory is
/// always what is stored. Customers erased on request are retired: retries of their old events are
/// still answered as before, new events are refused, and reads find no customer.
/// </remarks>
public sealed partial class CustomerGrain(
    IEventJournal journal,
    LoyaltyRules rules,
    TimeProvider clock,
    IOptions<CustomerJournalOptions> options,
    ICampaignCatalog campaigns,
    ICouponStore coupons,
    LoyaltyGridMetrics metrics,
    INoticeOutbox notices,
    ILogger<CustomerGrain> logger)
    : Grain, ICustomerGrain
{
    private CustomerDecider _decider = null!;
    private long _sequence;
    private long _snapshotSequence;
    private readonly StoredDueMoment _storedDue = new();

    // Set when memory may hold what the journal does not (a refused or failed append whose reload
    // failed too): nothing is served or snapshotted from memory until a load succeeds.
    private bool _stale;

    private string CustomerId => this.GetPrimaryKeyString();

    private string Stream => StreamKeys.Customer(CustomerId);

    private CustomerFold Fold => _decider.Fold;

    public override Task OnActivateAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (!_stale && _sequence > _snapshotSequence)
        {
            try
            {
                await journal.SaveSnapshotAsync(Snapshot(), cancellationToken);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The journal has every event; a missing snapshot only makes the next activation read more.
                LogSnapshotFailed(ex);
            }
        }
    }

    public Task<EventResult<PurchaseReceipt>> Purchase(PurchaseCommand command) =>
        ApplyAsync(CustomerEventTypes.Purchase, EventId(CustomerEventTypes.Purchase, command.Storefront, command.OrderId), command, command.OccurredAt,
            // The silo's in-memory set: evaluating campaigns costs no I/O on the purchase path.
            (purchase, now) => _decider.Purchase(purchase, now, campaigns.Current));

    public Task<EventResult<RefundReceipt>> Refund(RefundCommand command) =>
        ApplyAsync(CustomerEventTypes.Refund, EventId(CustomerEventTypes.Refund, command.Storefront, command.RefundId), command, command.OccurredAt, _decider.Refund,
            aboutOrder: CustomerDecider.Qualify(command.Storefront, command.OrderId));

    public Task<EventResult<ReviewReceipt>> Review(ReviewCommand command) =>
        ApplyAsync(CustomerEventTypes.Review, EventId(CustomerEventTypes.Review, command.Storefront, command.ReviewId), command, command.OccurredAt,
            (review, now) => _decider.Review(review, now, FeedbackSentiment.Of(review.Text)),
            aboutOrder: CustomerDecider.Qualify(command.Storefront, command.OrderId));

    public Task<EventResult<ReferralReceipt>> RecordReferral(ReferralCommand command) =>
        ApplyAsync(CustomerEventTypes.Referral, EventId(CustomerEventTypes.Referral, command.Storefront, command.ReferralId), command, command.OccurredAt, _decider.Referral);

    public Task<EventResult<ComplaintReceipt>> OpenComplaint(ComplaintCommand command) =>
        ApplyAsync(CustomerEventTypes.Complaint, EventId(CustomerEventTypes.Complaint, command.Storefront, command.ComplaintId), command, command.OccurredAt,
            (complaint, now) => _decider.OpenComplaint(complaint, now, FeedbackSentiment.Of(complaint.Note)),
            aboutOrder: command.OrderId is null ? null : CustomerDecider.Qualify(command.Storefront, command.OrderId));

    public Task<EventResult<SurveyReceipt>> AnswerSurvey(SurveyCommand command) =>
        ApplyAsync(CustomerEventTypes.Survey, EventId(CustomerEventTypes.Survey, command.Storefront, command.ResponseId), command, command.OccurredAt,
            (survey, now) => _decider.Survey(survey, now, FeedbackSentiment.Of(survey.Comment)),
            aboutOrder: command.OrderId is null ? null : CustomerDecider.Qualify(command.Storefront, command.OrderId));

    public Task<EventResult<ComplaintReceipt>> RecordComplaintResponse(ComplaintProgressCommand command) =>
        ApplyAsync(CustomerEventTypes.ComplaintResponse, EventId(CustomerEventTypes.ComplaintResponse, command.Storefront, command.ComplaintId), command, command.OccurredAt, _decider.RespondToComplaint);

    public Task<EventResult<ComplaintReceipt>> ResolveComplaint(ComplaintProgressCommand command) =>
        ApplyAsync(CustomerEventTypes.ComplaintResolution, EventId(CustomerEventTypes.ComplaintResolution, command.Storefront, command.ComplaintId), command, command.OccurredAt, _decider.ResolveComplaint);

    public Task<EventResult<RedemptionReceipt>> Redeem(RedemptionCommand command) =>
        ApplyAsync(CustomerEventTypes.Redemption, EventId(CustomerEventTypes.Redemption, command.Requester, command.RedemptionId), command, occurredAt: null,
            (command, now) => _decider.Redeem(command, now, known: _sequence > 0));

    public async Task AwardReferral(ReferralAwardCommand command)
    {
        if (_decider.Erased)
        {
            LogAwardToErasedCustomer();
            return;
        }

        // Refused means already paid for this referee: delivery is at least once, payment once.
        await ApplyAsync(CustomerEventTypes.ReferralAward, $"{CustomerEventTypes.ReferralAward}:{command.RefereeId}", command, command.OccurredAt, _decider.AwardReferral);
    }

    public async Task Wake()
    {
        // A pending claim is what made the customer due: it is finished before anything else.
        await SettlePendingClaimsAsync();
        if (Fold.Account is null)
        {
            await journal.SetDueAsync(Stream, dueAt: null);
            _storedDue.Stored(null);
            return;
        }

        // An erased customer keeps moving: its balance is still the programme's liability and its
        // contribution to the lifecycle and tier counts still ages.
        var result = await ApplyAsync(CustomerEventTypes.Time, $"{CustomerEventTypes.Time}:{_sequence + 1}", new TimeCommand(), occurredAt: null,
            (_, now) => _decider.Advance(now), allowErased: true);
        if (result.Status != EventStatus.Applied)
        {
            // Nothing changed now; what is due next is stored without an event.
            // Always stored: the moment that woke us has passed, and left alone it would wake us again.
            var next = DueAfter(clock.GetUtcNow());
            await journal.SetDueAsync(Stream, next);
            _storedDue.Stored(next);
        }
    }

    public async Task<CustomerView?> Get()
    {
        await EnsureLoadedAsync();
        if (Fold.Account is null or { Erased: true })
        {
            return null;
        }

        var snapshot = _decider.Account().Snapshot(clock.GetUtcNow());
        return new CustomerView(
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
            [.. snapshot.Expiring.Select(expiring => new ExpiringPointsView(expiring.Points, expiring.ExpiresAt))]);
    }

    public async Task<IReadOnlyList<PointMovementView>?> History(int limit)
    {
        await EnsureLoadedAsync();
        if (Fold.Account is null or { Erased: true })
        {
            return null;
        }

        var movements = _decider.Account().RecentMovements(limit)
            .Select(movement => new PointMovementView(movement.Kind.ToApiName(), movement.Points, movement.BalanceAfter, movement.OccurredAt, movement.ReferenceId))
            .ToList();
        return movements;
    }

    public async Task<IReadOnlyList<LedgerEntryView>?> Ledger()
    {
        await EnsureLoadedAsync();
        if (Fold.Account is null or { Erased: true })
        {
            return null;
        }

        // The live account keeps only its latest movements; the journal has every event. A fresh
        // decider that keeps every movement folds the stream beside the live one, which stays
        // untouched, up to the event memory has reached, so the export agrees with the reads.
        var stream = await journal.ReadStreamAsync(Stream, 0);
        var decider = new CustomerDecider(CustomerId, new CustomerFold(), rules, historyKept: int.MaxValue);
        var campaignsOfOrder = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var entry in stream)
        {
            if (entry.Sequence > _sequence)
            {
                break;
            }

            var stored = CustomerEvent.Parse(entry.Payload);
            if (AboutOrder(entry.Type, stored) is { } orderId)
            {
                await PageInAsync(decider, orderId, entry.Sequence, stream);
            }

            if (entry.Type == CustomerEventTypes.Purchase && Receipt<PurchaseReceipt>(stored).Campaigns is { Count: > 0 } applied)
            {
                var purchase = Command<PurchaseCommand>(stored);
                campaignsOfOrder[CustomerDecider.Qualify(purchase.Storefront, purchase.OrderId)] = applied;
            }

            decider = Replay(decider, entry, stored, await CampaignsToReplayAsync(entry, stored));
        }

        var movements = decider.Account().RecentMovements(int.MaxValue);
        var ledger = new List<LedgerEntryView>(movements.Count);
        for (var i = movements.Count - 1; i >= 0; i--)
        {
            var movement = movements[i];
            var campaignIds = movement.Kind == PointMovementKind.Earn ? campaignsOfOrder.GetValueOrDefault(movement.ReferenceId) : null;
            ledger.Add(new LedgerEntryView(
                movement.Kind.ToApiName(), movement.Points, movement.BalanceAfter, movement.OccurredAt, movement.ReferenceId, campaignIds ?? []));
        }

        return ledger;
    }

    // The repurchase model's inputs are the purchase days the KPI side already keeps: a refund
    // reverses money and points, not the fact that the customer came back to buy.
    public Task<PurchaseDaysView?> PurchaseDays(DateTimeOffset asOf)
    {
        var days = Fold.Account is null or { Erased: true } ? null : _decider.PurchaseDaysBefore(asOf);
        return Task.FromResult(days is { } known ? new PurchaseDaysView(known.Count, known.First, known.Last) : null);
    }

    public async Task<bool> Erase()
    {
        await EnsureLoadedAsync();
        if (Fold.Account is null)
        {
            return false;
        }

        // A claim in flight would issue a coupon after its customer's coupons were erased.
        await SettlePendingClaimsAsync();
        if (!Fold.Account.Erased)
        {
            var result = await ApplyAsync(CustomerEventTypes.Erasure, CustomerEventTypes.Erasure, new ErasureCommand(), occurredAt: null, (_, now) => _decider.Erase(now));
            if (result.Status != EventStatus.Applied)
            {
                return true;
            }
        }

        // Also after a crash between the erasure event and these steps: erasing again finishes them.
        await ScrubJournalAsync();
        // After the scrub, so a rebuild of the notice projection finds nothing to send again.
        await notices.EraseCustomerAsync(CustomerId);
        await coupons.EraseAsync(CustomerId);
        return true;
    }

    private async Task<EventResult<TReceipt>> ApplyAsync<TCommand, TReceipt>(
        string type, string eventId, TCommand command, DateTimeOffset? occurredAt, Func<TCommand, DateTimeOffset, Decision<TReceipt>> decide, bool allowErased = false, string? aboutOrder = null,
        string? fingerprint = null)
        where TCommand : notnull
        where TReceipt : class
    {
        await EnsureLoadedAsync();
        fingerprint ??= EventFingerprint.Of(command);
        if (Fold.Recent.Contains(eventId) && await OlderAnswerAsync<TReceipt>(eventId, fingerprint) is { } repeated)
        {
            return repeated;
        }

        if (_decider.Erased && !allowErased)
        {
            return await OlderAnswerAsync<TReceipt>(eventId, fingerprint)
                ?? EventResult<TReceipt>.Failed(EventStatus.Conflict, "This customer was erased and takes no new events.");
        }

        if (aboutOrder is not null)
        {
            await PageInAsync(_decider, aboutOrder, _sequence + 1);
        }

        var now = JournalNow();
        var decision = decide(command, now);
        if (decision.Result.Status != EventStatus.Applied)
        {
            // The domain may have started on the account (expiring lots as of the event) before refusing.
            await ReloadAsync();
            return await OlderAnswerAsync<TReceipt>(eventId, fingerprint) ?? decision.Result;
        }

        var receipt = JsonSerializer.SerializeToElement(decision.Result.Receipt, CustomerFold.Json);
        var payload = new CustomerEvent
        {
            Fingerprint = fingerprint,
            Command = JsonSerializer.SerializeToElement(command, CustomerFold.Json),
            Receipt = receipt,
            Kpis = decision.Kpis,
            Award = decision.Award,
            Conversion = decision.Conversion,
            Notices = decision.Notices is { Count: > 0 } notices ? notices : null,
            Sentiment = decision.Sentiment,
            Direct = decision.Direct,
            CampaignRevision = decision.CampaignRevision,
        };
        var entry = new JournalAppend(Stream, _sequence + 1, eventId, type, occurredAt ?? now, now, payload.ToJson());
        if (!await AppendAsync(entry, DueAfter(now)))
        {
            // The id is older than the recent ones and belongs to something no longer in memory
            // (an archived order's refund, an old review): the journal's unique index refused it,
            // and its row answers the retry. Otherwise another activation appended first.
            return await OlderAnswerAsync<TReceipt>(eventId, fingerprint)
                ?? throw new InconsistentStateException($"Customer stream changed in the journal before event {entry.Sequence} could be appended.");
        }

        Remember(eventId);
        return decision.Result;
    }

    /// <summary>False when the journal refused the append as a conflict; memory was reloaded from the journal then.</summary>
    private async Task<bool> AppendAsync(JournalAppend entry, DateTimeOffset? dueAt)
    {
        var started = clock.GetTimestamp();
        AppendOutcome outcome;
        try
        {
            var writesDue = _storedDue.NeedsWrite(dueAt);
            outcome = writesDue ? await journal.AppendAsync(Stream, [entry], dueAt) : await journal.AppendAsync(Stream, [entry]);
            if (writesDue && outcome == AppendOutcome.Appended)
            {
                _storedDue.Stored(dueAt);
            }
        }
        catch
        {
            _storedDue.Forget();
            metrics.StorageWrite(StorageWrites.Customer, clock.GetElapsedTime(started), StorageWrites.Failed);
            // Whatever was not stored must not be served from memory.
            await ReloadAsync();
            throw;
        }

        if (outcome == AppendOutcome.StreamConflict)
        {
            metrics.StorageWrite(StorageWrites.Customer, clock.GetElapsedTime(started), StorageWrites.Conflict);
            _storedDue.Forget();
            // Another activation appended first (a split cluster healing), or an id older than the
            // recent ones: start again from the journal.
            await ReloadAsync();
            return false;
        }

        metrics.StorageWrite(StorageWrites.Customer, clock.GetElapsedTime(started), StorageWrites.Stored);
        _sequence = entry.Sequence;
        if (_sequence - _snapshotSequence >= options.Value.SnapshotEvery)
        {
            SaveSnapshotInBackground();
        }

        return true;
    }

    /// <summary>An event this customer applied long ago, found by its id in the journal; null if there is none.</summary>
    private async Task<EventResult<TReceipt>?> OlderAnswerAsync<TReceipt>(string eventId, string fingerprint)
        where TReceipt : class
    {
        if (_sequence == 0 || await journal.FindAsync(Stream, eventId) is not { } stored)
        {
            return null;
        }

        var original = CustomerEvent.Parse(stored.Payload);
        return Answer<TReceipt>(original.Fingerprint, original.Receipt.GetRawText(), fingerprint);
    }

    private static EventResult<TReceipt> Answer<TReceipt>(string storedFingerprint, string storedReceipt, string fingerprint)
        where TReceipt : class =>
        storedFingerprint == fingerprint
            ? new EventResult<TReceipt>(EventStatus.Duplicate, JsonSerializer.Deserialize<TReceipt>(storedReceipt, CustomerFold.Json))
            : EventResult<TReceipt>.Failed(EventStatus.Conflict, "This id was already used for an event with different content.");

    private void Remember(string eventId)
    {
        Fold.Recent.Add(eventId);
        var excess = Fold.Recent.Count - options.Value.RecentEvents;
        if (excess > 0)
        {
            Fold.Recent.RemoveRange(0, excess);
        }
    }

    /// <summary>
    /// Now, to the microsecond: the journal keeps times to the microsecond, so an event decided
    /// with the clock's 100 ns would read differently once replayed from it.
    /// </summary>
    private DateTimeOffset JournalNow()
    {
        var now = clock.GetUtcNow();
        return now.AddTicks(-(now.Ticks % (TimeSpan.TicksPerMillisecond / 1000)));
    }

    /// <summary>The next due moment to store with an event; work already due is due now.</summary>
    private DateTimeOffset? DueAfter(DateTimeOffset now) =>
        _decider.NextDueAt(now) is { } due ? (due < now ? now : due) : null;

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var snapshot = await journal.LoadSnapshotAsync(Stream, cancellationToken);
        var fold = snapshot is null ? new CustomerFold() : JsonSerializer.Deserialize<CustomerFold>(snapshot.Payload, CustomerFold.Json) ?? new CustomerFold();
        _decider = new CustomerDecider(CustomerId, fold, rules);
        _sequence = _snapshotSequence = snapshot?.Sequence ?? 0;
        foreach (var entry in await journal.ReadStreamAsync(Stream, _sequence, cancellationToken))
        {
            var stored = CustomerEvent.Parse(entry.Payload);
            // The live grain paged in the order this event is about before deciding it; so does replay.
            if (AboutOrder(entry.Type, stored) is { } orderId)
            {
                await PageInAsync(_decider, orderId, entry.Sequence, cancellationToken: cancellationToken);
            }

            _decider = Replay(_decider, entry, stored, await CampaignsToReplayAsync(entry, stored));
            Remember(entry.EventId);
            _sequence = entry.Sequence;
        }
    }

    private async Task ReloadAsync()
    {
        _stale = true;
        try
        {
            await LoadAsync(CancellationToken.None);
            _stale = false;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Storage is down: drop the activation so the next call starts from what is stored.
            LogReloadFailed(ex);
            DeactivateOnIdle();
        }
    }

    /// <summary>Loads again first if an earlier reload failed; throws (a 503 for the caller) while storage is still away.</summary>
    private async Task EnsureLoadedAsync()
    {
        if (_stale)
        {
            await LoadAsync(CancellationToken.None);
            _stale = false;
        }
    }

    /// <summary>The campaigns a stored purchase is decided with again (none for other events).</summary>
    private async ValueTask<CatalogRevision> CampaignsToReplayAsync(JournalEntry entry, CustomerEvent stored)
    {
        if (entry.Type != CustomerEventTypes.Purchase)
        {
            return CatalogRevision.Empty;
        }

        if (stored.CampaignRevision is { } revision)
        {
            if (!campaigns.TryAsOf(revision, out var catalog))
            {
                // Saved on another silo a moment ago, before this one heard of it: read it now.
                await campaigns.RefreshAsync();
                if (!campaigns.TryAsOf(revision, out catalog))
                {
                    throw new InvalidDataException($"Purchase {entry.Sequence} of {Stream} names campaign catalog revision {revision}, which is not stored.");
                }
            }

            return catalog;
        }

        // Older entries: the full terms (before migration 0043), or the versions (before 0044).
        if (stored.Campaigns is { } journaledTerms)
        {
            return new CatalogRevision(0, journaledTerms);
        }

        if (stored.CampaignVersions is not { Count: > 0 } versions)
        {
            return CatalogRevision.Empty;
        }

        if (TryFindAll(versions) is { } found)
        {
            return new CatalogRevision(0, found);
        }

        await campaigns.RefreshAsync();
        return new CatalogRevision(0, TryFindAll(versions) ?? throw new InvalidDataException(
            $"Purchase {entry.Sequence} of {Stream} names campaign versions that are not stored: {string.Join(", ", versions)}."));
    }

    private List<Campaign>? TryFindAll(IReadOnlyList<CampaignVersion> versions)
    {
        var found = new List<Campaign>(versions.Count);
        foreach (var version in versions)
        {
            if (!campaigns.TryFind(version, out var terms))
            {
                return null;
            }

            found.Add(terms);
        }

        return found;
    }

    /// <summary>
    /// Runs a stored event through <paramref name="decider"/> again, as of the time it was
    /// accepted; answers the decider to go on with (an imported state starts a new one).
    /// </summary>
    private CustomerDecider Replay(CustomerDecider decider, JournalEntry entry, CustomerEvent stored, CatalogRevision catalog)
    {
        var now = entry.AcceptedAt;
        if (entry.Type == CustomerEventTypes.Imported)
        {
            return new CustomerDecider(CustomerId, stored.Command.Deserialize<CustomerFold>(CustomerFold.Json) ?? new CustomerFold(), rules, decider.HistoryKept);
        }

        var applied = entry.Type switch
        {
            // With the campaigns the journal says were known then, whatever the campaigns are today.
            CustomerEventTypes.Purchase => decider.Purchase(Command<PurchaseCommand>(stored), now, catalog).Result.Status,
            CustomerEventTypes.Refund => decider.Refund(Command<RefundCommand>(stored), now).Result.Status,
            CustomerEventTypes.Review => decider.Review(Command<ReviewCommand>(stored), now, stored.Sentiment).Result.Status,
            CustomerEventTypes.Referral => decider.Referral(Command<ReferralCommand>(stored), now).Result.Status,
            CustomerEventTypes.Complaint => decider.OpenComplaint(Command<ComplaintCommand>(stored), now, stored.Sentiment).Result.Status,
            CustomerEventTypes.Survey => decider.Survey(Command<SurveyCommand>(stored), now, stored.Sentiment).Result.Status,
            CustomerEventTypes.ComplaintResponse => decider.RespondToComplaint(Command<ComplaintProgressCommand>(stored), now).Result.Status,
            CustomerEventTypes.ComplaintResolution => decider.ResolveComplaint(Command<ComplaintProgressCommand>(stored), now).Result.Status,
            CustomerEventTypes.Redemption => decider.Redeem(Command<RedemptionCommand>(stored), now, known: true).Result.Status,
            CustomerEventTypes.ReferralAward => decider.AwardReferral(Command<ReferralAwardCommand>(stored), now).Result.Status,
            CustomerEventTypes.ClaimStarted => decider.StartClaim(Command<ClaimStart>(stored), now, known: true).Result.Status,
            CustomerEventTypes.ClaimCompleted => decider.CompleteClaim(Command<ClaimSettlement>(stored), now).Result.Status,
            CustomerEventTypes.ClaimRefused => decider.ReturnClaim(Command<ClaimSettlement>(stored), now).Result.Status,
            CustomerEventTypes.CouponRedeemed => decider.CountCouponRedemption(Command<CouponRedemptionCommand>(stored), now).Result.Status,
            CustomerEventTypes.Time => decider.Advance(now).Result.Status,
            CustomerEventTypes.Erasure => decider.Erase(now).Result.Status,
            // Their effect is in the imported state; only their receipts (remembered by the caller) matter.
            CustomerEventTypes.ImportedReceipt or CustomerEventTypes.ImportedDelivery => EventStatus.Applied,
            _ => throw new InvalidDataException($"Unknown customer event type '{entry.Type}' at sequence {entry.Sequence}."),
        };

        if (applied != EventStatus.Applied)
        {
            // The rules that accepted it then refuse it now (changed configuration): the journal
            // stays the record, and this is worth an operator's look.
            LogReplayDiverged(entry.Type, entry.Sequence);
        }

        return decider;
    }

    private static T Command<T>(CustomerEvent stored) =>
        stored.Command.Deserialize<T>(CustomerFold.Json) ?? throw new InvalidDataException($"A stored {typeof(T).Name} is empty.");

    private StreamSnapshot Snapshot() => new(Stream, _sequence, JsonSerializer.Serialize(Fold, CustomerFold.Json));

    private void SaveSnapshotInBackground()
    {
        var snapshot = Snapshot();
        _snapshotSequence = snapshot.Sequence;
        _ = SaveAsync();

        async Task SaveAsync()
        {
            try
            {
                await journal.SaveSnapshotAsync(snapshot);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogSnapshotFailed(ex);
            }
        }
    }

    /// <summary>
    /// Takes personal data out of every stored event of this customer: free text and what was
    /// bought are dropped from the commands (<see cref="PersonalData"/>); fingerprints, receipts, amounts, ids
    /// and KPI changes stay, so old retries are answered as before and projections are unchanged.
    /// </summary>
    private async Task ScrubJournalAsync()
    {
        var scrubbed = new Dictionary<long, string>();
        foreach (var entry in await journal.ReadStreamAsync(Stream, 0))
        {
            var stored = CustomerEvent.Parse(entry.Payload);
            if (PersonalData.Scrub(stored) is { } clean)
            {
                scrubbed[entry.Sequence] = clean.ToJson();
            }
        }

        if (scrubbed.Count > 0)
        {
            await journal.ReplacePayloadsAsync(Stream, scrubbed);
            await ReloadAsync();
        }

        // A snapshot taken before the erasure may still be on its way to storage; this newer one
        // is what stays, since an older snapshot never replaces a newer one.
        var erased = Snapshot();
        await journal.SaveSnapshotAsync(erased);
        _snapshotSequence = erased.Sequence;
    }

    private static string EventId(string type, string idNamespace, string id) => $"{type}:{CustomerDecider.Qualify(idNamespace, id)}";

    [LoggerMessage(Level = LogLevel.Warning, Message = "A referral award reached an erased customer; nothing was paid")]
    private partial void LogAwardToErasedCustomer();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reloading a customer from the journal after a refused or failed append failed; deactivating")]
    private partial void LogReloadFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storing a customer snapshot failed; the journal has every event, the next activation reads a longer tail")]
    private partial void LogSnapshotFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Replaying a stored {Type} event (sequence {Sequence}) was refused by today's rules; the account may differ from what was answered then")]
    private partial void LogReplayDiverged(string type, long sequence);
}
