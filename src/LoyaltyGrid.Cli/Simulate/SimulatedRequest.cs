using System.Text.Json;

namespace LoyaltyGrid.Cli.Simulate;

/// <summary>
/// One request the simulation sends: its kind (for the summary), path, body, which storefront key
/// sends it, and what the shop does next when it succeeds.
/// </summary>
public sealed record SimulatedRequest(string Kind, string Path, object Body, int Storefront, Action<JsonElement>? OnSuccess = null);
