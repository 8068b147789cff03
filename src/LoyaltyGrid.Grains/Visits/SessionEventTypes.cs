namespace LoyaltyGrid.Grains.Visits;

/// <summary>The journal's <c>type</c> of every session event.</summary>
public static class SessionEventTypes
{
    /// <summary>A visit that became the session's earliest.</summary>
    public const string Visit = "visit";

    /// <summary>A purchase that became the session's earliest.</summary>
    public const string Conversion = "conversion";

    /// <summary>
    /// A session carried over from the release before the journal (its whole state, once). Not
    /// "imported" like a customer's: the delivery projections pick customer rows by type.
    /// </summary>
    public const string Imported = "session-imported";
}
