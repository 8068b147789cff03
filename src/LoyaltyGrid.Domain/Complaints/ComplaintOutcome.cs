namespace LoyaltyGrid.Domain.Complaints;

public enum ComplaintStatus
{
    Opened,
    /// <summary>The response or resolution time was recorded (or moved earlier).</summary>
    Recorded,
    /// <summary>An earlier or equal response/resolution was already recorded; nothing changed.</summary>
    AlreadyRecorded,
    NotFound,
    /// <summary>A complaint with this id is already open: a conflicting duplicate (409).</summary>
    DuplicateComplaint,
}

/// <summary>
/// <paramref name="NewBreaches"/> are to be counted now; <paramref name="WithdrawnBreaches"/>
/// were counted by a deadline check but the answer, arriving late, turned out to have been on
/// time, so they are to be uncounted. Together they keep slaBreaches exact.
/// </summary>
public sealed record ComplaintOutcome(
    ComplaintStatus Status,
    string ComplaintId,
    ComplaintCategory? Category,
    DateTimeOffset? OpenedAt,
    int OpenComplaints,
    IReadOnlyList<SlaBreach> NewBreaches,
    IReadOnlyList<SlaBreach> WithdrawnBreaches);
