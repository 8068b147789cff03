namespace LoyaltyGrid.Domain.Complaints;

/// <summary>
/// A customer's complaints and their two deadlines (event time). A target is met when it is
/// answered at or before its deadline, and breached from the instant after. Each breach is
/// counted exactly once: by <see cref="CheckDeadlines"/> when the deadline passes unanswered,
/// or by the late answer itself if no check saw it first.
/// </summary>
internal sealed class ComplaintDesk(Dictionary<string, ComplaintRecord> complaints, ComplaintRules rules)
{
    private static readonly SlaTarget[] Targets = Enum.GetValues<SlaTarget>();

    public int OpenCount => complaints.Values.Count(c => c.IsOpen);

    public ComplaintOutcome Open(
        string complaintId, string? orderId, ComplaintCategory category, DateTimeOffset occurredAt, string? note)
    {
        if (complaints.ContainsKey(complaintId))
        {
            return Unchanged(ComplaintStatus.DuplicateComplaint, complaintId);
        }

        var complaint = new ComplaintRecord
        {
            ComplaintId = complaintId,
            OrderId = orderId,
            Category = category,
            OpenedAt = occurredAt,
            RespondBy = occurredAt + rules.FirstResponseTarget,
            ResolveBy = occurredAt + rules.ResolutionTarget,
            Note = note,
        };
        complaints.Add(complaintId, complaint);
        return Outcome(ComplaintStatus.Opened, complaint, [], []);
    }

    public ComplaintOutcome RecordResponse(string complaintId, DateTimeOffset occurredAt)
    {
        if (!complaints.TryGetValue(complaintId, out var complaint))
        {
            return Unchanged(ComplaintStatus.NotFound, complaintId);
        }

        // Only the first response matters; one that arrives late but happened earlier wins.
        if (complaint.RespondedAt <= occurredAt)
        {
            return Outcome(ComplaintStatus.AlreadyRecorded, complaint, [], []);
        }

        complaint.RespondedAt = occurredAt;
        return Settle(complaint, SlaTarget.FirstResponse);
    }

    public ComplaintOutcome RecordResolution(string complaintId, DateTimeOffset occurredAt)
    {
        if (!complaints.TryGetValue(complaintId, out var complaint))
        {
            return Unchanged(ComplaintStatus.NotFound, complaintId);
        }

        if (complaint.ResolvedAt <= occurredAt)
        {
            return Outcome(ComplaintStatus.AlreadyRecorded, complaint, [], []);
        }

        complaint.ResolvedAt = occurredAt;
        return Settle(complaint, SlaTarget.FirstResponse, SlaTarget.Resolution);
    }

    /// <summary>Breaches of deadlines that passed unanswered by <paramref name="now"/>, each once.</summary>
    public IReadOnlyList<SlaBreach> CheckDeadlines(DateTimeOffset now)
    {
        var breaches = new List<SlaBreach>();
        foreach (var complaint in complaints.Values)
        {
            foreach (var target in Targets)
            {
                var deadline = complaint.DeadlineOf(target);
                if (complaint.MetAt(target) is null && now > deadline && !complaint.IsBreachCounted(target))
                {
                    complaint.SetBreachCounted(target, true);
                    breaches.Add(new SlaBreach(complaint.ComplaintId, target, deadline));
                }
            }
        }

        return breaches;
    }

    /// <summary>The first instant at which an unanswered, uncounted deadline becomes a breach.</summary>
    public DateTimeOffset? NextBreachAt()
    {
        DateTimeOffset? next = null;
        foreach (var complaint in complaints.Values)
        {
            foreach (var target in Targets)
            {
                if (complaint.MetAt(target) is null && !complaint.IsBreachCounted(target))
                {
                    next = Moments.Earliest(next, complaint.DeadlineOf(target).JustAfter());
                }
            }
        }

        return next;
    }

    public void ForgetNotes()
    {
        foreach (var complaint in complaints.Values)
        {
            complaint.Note = null;
        }
    }

    // Once a target has its answer, whether it was breached depends on the answer's time
    // alone, so an earlier count by a deadline check is confirmed or withdrawn here.
    private ComplaintOutcome Settle(ComplaintRecord complaint, params SlaTarget[] targets)
    {
        var added = new List<SlaBreach>();
        var withdrawn = new List<SlaBreach>();
        foreach (var target in targets)
        {
            var deadline = complaint.DeadlineOf(target);
            var breached = complaint.MetAt(target) > deadline;
            if (breached == complaint.IsBreachCounted(target))
            {
                continue;
            }

            complaint.SetBreachCounted(target, breached);
            (breached ? added : withdrawn).Add(new SlaBreach(complaint.ComplaintId, target, deadline));
        }

        return Outcome(ComplaintStatus.Recorded, complaint, added, withdrawn);
    }

    private ComplaintOutcome Outcome(
        ComplaintStatus status, ComplaintRecord complaint, List<SlaBreach> added, List<SlaBreach> withdrawn) =>
        new(status, complaint.ComplaintId, complaint.Category, complaint.OpenedAt, OpenCount, added, withdrawn);

    private ComplaintOutcome Unchanged(ComplaintStatus status, string complaintId) =>
        new(status, complaintId, null, null, OpenCount, [], []);
}
