namespace LoyaltyGrid.Grains.Visits;

/// <summary>The journal's <c>type</c> of every session event.</summary>
public static class SessionEventTypes
{
    /// <summary>A visit that became the session's earliest.</summary>
    public const string Visit = "visit";

    /// <summary>A purchase that became the session's earliest.</summary>
    public const string Conversion = "conversion";
}
