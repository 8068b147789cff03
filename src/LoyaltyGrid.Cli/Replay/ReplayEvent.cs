using System.Text.Json.Nodes;

namespace LoyaltyGrid.Cli.Replay;

/// <summary>
/// One event ready for <c>events:batch</c>: its batch entry (with <c>type</c> and a stable id) and
/// the key whose events must stay in file order (the customer, as the server orders them).
/// </summary>
public sealed record ReplayEvent(string Kind, string OrderingKey, JsonObject Entry);

/// <summary>What every input format needs to know besides the file.</summary>
public sealed record ReplayDefaults(string Market, string Currency, string CustomerPrefix, string IdPrefix)
{
    public static readonly ReplayDefaults Standard = new("US", "USD", "cdnow-", "replay-");
}

/// <summary>A source of events in file order, which can say how far through the file it is.</summary>
public interface IEventSource
{
    IEnumerable<ReplayEvent> Read();

    /// <summary>0–1, how much of the input has been read.</summary>
    double Fraction { get; }
}
