using System.Text.Json;
using System.Text.Json.Serialization;
using LoyaltyGrid.Domain.Kpis;

namespace LoyaltyGrid.Domain.Tests.Kpis.Oracle;

/// <summary>
/// The property the KPI design exists for: after a random stream of events for several
/// customers, storefronts and markets over several months, delivered out of order, every KPI of
/// every scope equals a recomputation from the accepted events. Fixed seeds keep any failure
/// reproducible.
/// </summary>
public class KpiOracleTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(42)]
    [InlineData(2026)]
    [InlineData(31337)]
    [InlineData(20261122)]
    public void Every_kpi_of_every_scope_equals_a_recomputation_from_the_accepted_events(int seed)
    {
        // Points expire after 60 days so a few months of history exercise expiry too.
        var rules = new LoyaltyRules { PointsLifetimeDays = 60 };
        var world = World.Generate(seed);
        var simulation = new GridSimulation(rules);
        for (var i = 0; i < world.Arrivals.Count; i++)
        {
            var (e, acceptedAt) = world.Arrivals[i];
            simulation.Accept(e, acceptedAt, compact: i % 2 == 0);
            if (i % 97 == 96)
            {
                simulation.Reload(Json);
            }
        }

        simulation.Remind(World.Now);
        var oracle = new Recomputation(simulation, rules, World.Now);

        var scopes = oracle.Scopes.Select(scope => scope.Key).Union(simulation.ScopeKeys).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(16, scopes.Count); // the grid, 3 storefronts, 3 markets and their 9 pairs
        foreach (var key in scopes)
        {
            var scope = KpiScope.Parse(key);
            var actual = Flatten(simulation.Snapshot(scope, World.Now));
            var expected = Flatten(oracle.Snapshot(scope));

            AssertP90s(oracle, scope, actual, expected);
            Assert.Equal(Without(expected, IsP90), Without(actual, IsP90));
        }

        AssertTheStreamExercisedEverything(simulation);
    }

    private static void AssertP90s(Recomputation oracle, KpiScope scope, SortedDictionary<string, string> actual, SortedDictionary<string, string> expected)
    {
        foreach (var (path, bucket) in new[] { ("allTime", KpiBucket.AllTime), ("today", KpiBucket.DayOf(World.Now)), ("thisMonth", KpiBucket.MonthOf(World.Now)) })
        {
            var (firstResponse, resolution) = oracle.ExactP90(scope, bucket);
            foreach (var (name, exact) in new[] { ("firstResponseTime", firstResponse), ("resolutionTime", resolution) })
            {
                var key = $"{path}.{name}.p90Hours";
                Assert.Equal(exact, decimal.Parse(expected[key], System.Globalization.CultureInfo.InvariantCulture));
                var estimate = decimal.Parse(actual[key], System.Globalization.CultureInfo.InvariantCulture);
                Assert.True(Math.Abs(estimate - exact) <= exact * 0.01m, $"{scope.Key} {key}: {estimate} is not within 1 % of {exact}.");
            }
        }
    }

    private static void AssertTheStreamExercisedEverything(GridSimulation simulation)
    {
        string[] paths =
        [
            "first purchase moved earlier", "home moved", "visit moved", "conversion moved", "first answer moved earlier",
            "breach withdrawn", "points expired", "redemption refused",
        ];
        foreach (var path in paths)
        {
            Assert.True(simulation.Exercised.GetValueOrDefault(path) > 0, $"The stream never exercised '{path}'.");
        }

        var grid = simulation.Snapshot(KpiScope.Grid, World.Now);
        Assert.True(grid.Today.Orders > 0, "No orders today.");
        Assert.True(grid.Today.Visits > 0, "No visits today.");
        Assert.True(grid.ThisMonth.Refunds > 0, "No refunds this month.");
        Assert.True(grid.Live.Last5m.Orders + grid.Live.Last5m.Visits > 0, "Nothing live in the last 5 minutes.");
        Assert.True(grid.AllTime.FirstResponseTime.Count > 5, "Too few answered complaints.");
        Assert.True(grid.AllTime.SlaBreaches > 0, "No breaches.");
        Assert.True(grid.Lifecycle["prospect"] > 0, "No prospects.");
        Assert.True(grid.Cohorts.Count >= 2, "Too few cohorts.");
        Assert.Contains(grid.Cohorts, row => row.Cells.Skip(1).Any(cell => cell.Count > 0));
    }

    private static bool IsP90(string path) => path.EndsWith(".p90Hours", StringComparison.Ordinal);

    private static SortedDictionary<string, string> Without(SortedDictionary<string, string> flat, Func<string, bool> excluded) =>
        new(flat.Where(pair => !excluded(pair.Key)).ToDictionary(), StringComparer.Ordinal);

    // Every leaf of the snapshot by its path, so a difference names the KPI, the bucket and the
    // scope, and numbers compare by value (12.5 and 12.50 are the same amount).
    private static SortedDictionary<string, string> Flatten(KpiSnapshot snapshot)
    {
        var flat = new SortedDictionary<string, string>(StringComparer.Ordinal);
        Walk(JsonSerializer.SerializeToElement(snapshot, Json), "", flat);
        return flat;
    }

    private static void Walk(JsonElement element, string path, SortedDictionary<string, string> flat)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Walk(property.Value, path.Length == 0 ? property.Name : $"{path}.{property.Name}", flat);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, $"{path}[{index++}]", flat);
                }

                flat[$"{path}.length"] = index.ToString(System.Globalization.CultureInfo.InvariantCulture);
                break;
            case JsonValueKind.Number:
                flat[path] = element.GetDecimal().ToString("G29", System.Globalization.CultureInfo.InvariantCulture);
                break;
            default:
                flat[path] = element.ToString();
                break;
        }
    }
}
