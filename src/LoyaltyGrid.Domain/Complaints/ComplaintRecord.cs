using System.Text.Json.Serialization;

namespace LoyaltyGrid.Domain.Complaints;

public sealed class ComplaintRecord
{
    public string ComplaintId { get; set; } = "";

    public string? OrderId { get; set; }

    public ComplaintCategory Category { get; set; }

    public DateTimeOffset OpenedAt { get; set; }

    // Deadlines are fixed when the complaint is opened, so changing the targets in configuration
    // does not move the goalposts of complaints already running.
    public DateTimeOffset RespondBy { get; set; }

    public DateTimeOffset ResolveBy { get; set; }

    /// <summary>Free text from the customer; personal data, removed by erasure.</summary>
    public string? Note { get; set; }

    public DateTimeOffset? RespondedAt { get; set; }

    public DateTimeOffset? ResolvedAt { get; set; }

    public bool ResponseBreachCounted { get; set; }

    public bool ResolutionBreachCounted { get; set; }

    [JsonIgnore]
    public bool IsOpen => ResolvedAt is null;

    /// <summary>
    /// A resolution answers the customer too, so a complaint resolved without a separate
    /// response has its first response at the resolution.
    /// </summary>
    [JsonIgnore]
    public DateTimeOffset? FirstAnsweredAt => Moments.Earliest(RespondedAt, ResolvedAt);

    internal DateTimeOffset DeadlineOf(SlaTarget target) =>
        target == SlaTarget.FirstResponse ? RespondBy : ResolveBy;

    internal DateTimeOffset? MetAt(SlaTarget target) =>
        target == SlaTarget.FirstResponse ? FirstAnsweredAt : ResolvedAt;

    internal bool IsBreachCounted(SlaTarget target) =>
        target == SlaTarget.FirstResponse ? ResponseBreachCounted : ResolutionBreachCounted;

    internal void SetBreachCounted(SlaTarget target, bool counted)
    {
        if (target == SlaTarget.FirstResponse)
        {
            ResponseBreachCounted = counted;
        }
        else
        {
            ResolutionBreachCounted = counted;
        }
    }
}
