using LoyaltyGrid.Domain.Complaints;

namespace LoyaltyGrid.Domain.Customers;

public sealed partial class CustomerAccount
{
    public ComplaintOutcome OpenComplaint(
        string complaintId, string? orderId, ComplaintCategory category, DateTimeOffset occurredAt, string? note = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(complaintId);
        return _complaints.Open(complaintId, orderId, category, occurredAt, note);
    }

    public ComplaintOutcome RecordComplaintResponse(string complaintId, DateTimeOffset occurredAt) =>
        _complaints.RecordResponse(complaintId, occurredAt);

    public ComplaintOutcome ResolveComplaint(string complaintId, DateTimeOffset occurredAt) =>
        _complaints.RecordResolution(complaintId, occurredAt);

    /// <summary>Breaches whose deadline has passed unanswered by server time <paramref name="now"/>, each reported once.</summary>
    public IReadOnlyList<SlaBreach> CheckComplaintDeadlines(DateTimeOffset now) => _complaints.CheckDeadlines(now);

    public IReadOnlyCollection<ComplaintRecord> Complaints => State.Complaints.Values;
}
