using System.Net.Http.Json;
using System.Text.Json;
using LoyaltyGrid.Reliability.Tests.Grid;
using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Reliability.Tests.Checks;

/// <summary>The all-time KPIs a run can change, read from GET /api/v1/kpis for the whole grid.</summary>
public sealed record KpiTotals(
    long Orders,
    decimal GrossRevenue,
    long Refunds,
    decimal RefundedAmount,
    long Buyers,
    long PointsIssued,
    long PointsRedeemed,
    long PointsReversed,
    long PointsOutstanding)
{
    /// <summary>Reads from the first of <paramref name="servers"/> that answers: during a fault run one may be restarting.</summary>
    public static async Task<KpiTotals> ReadAsync(IReadOnlyList<Uri> servers)
    {
        for (var index = 0; ; index++)
        {
            try
            {
                return await ReadAsync(servers[index % servers.Count]);
            }
            catch (HttpRequestException) when (index < 3 * servers.Count)
            {
                await Task.Delay(1000);
            }
        }
    }

    /// <summary>
    /// A baseline to measure a run's change from: what the grid shows once it has stopped moving
    /// for two seconds, so that late contributions of an earlier test are not counted as this one's.
    /// </summary>
    public static async Task<KpiTotals> ReadSettledAsync(IReadOnlyList<Uri> servers)
    {
        var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(60);
        var last = await ReadAsync(servers);
        var steadySince = TimeProvider.System.GetUtcNow();
        while (TimeProvider.System.GetUtcNow() - steadySince < TimeSpan.FromSeconds(2))
        {
            if (TimeProvider.System.GetUtcNow() > deadline)
            {
                throw new TimeoutException("The grid's KPIs kept moving for a minute with no test sending anything.");
            }

            await Task.Delay(250);
            var current = await ReadAsync(servers);
            if (current != last)
            {
                (last, steadySince) = (current, TimeProvider.System.GetUtcNow());
            }
        }

        return last;
    }

    public static async Task<KpiTotals> ReadAsync(Uri server)
    {
        using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/v1/kpis", UriKind.Relative));
        request.Headers.Add("X-Api-Key", TestCredentials.OpsKey);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var snapshot = await response.Content.ReadFromJsonAsync<JsonElement>();
        var allTime = snapshot.GetProperty("allTime");
        return new KpiTotals(
            allTime.GetProperty("orders").GetInt64(),
            allTime.GetProperty("grossRevenue").GetDecimal(),
            allTime.GetProperty("refunds").GetInt64(),
            allTime.GetProperty("refundedAmount").GetDecimal(),
            allTime.GetProperty("buyers").GetInt64(),
            allTime.GetProperty("pointsIssued").GetInt64(),
            allTime.GetProperty("pointsRedeemed").GetInt64(),
            allTime.GetProperty("pointsReversed").GetInt64(),
            snapshot.GetProperty("pointsOutstanding").GetInt64());
    }

    public static KpiTotals From(LedgerOracle oracle) => new(
        oracle.Orders, oracle.GrossRevenue, oracle.Refunds, oracle.RefundedAmount, oracle.Buyers,
        oracle.PointsIssued, oracle.PointsRedeemed, oracle.PointsReversed, oracle.PointsOutstanding);

    public KpiTotals Minus(KpiTotals before) => new(
        Orders - before.Orders, GrossRevenue - before.GrossRevenue, Refunds - before.Refunds, RefundedAmount - before.RefundedAmount,
        Buyers - before.Buyers, PointsIssued - before.PointsIssued, PointsRedeemed - before.PointsRedeemed,
        PointsReversed - before.PointsReversed, PointsOutstanding - before.PointsOutstanding);

    /// <summary>
    /// KPIs follow the ledger asynchronously (the KPI projection folds the journal after the response): polls until what the
    /// grid shows has changed by <paramref name="expected"/> since <paramref name="before"/>,
    /// and returns the last change seen either way.
    /// </summary>
    public static async Task<KpiTotals> WaitForChangeAsync(IReadOnlyList<Uri> servers, KpiTotals before, KpiTotals expected, TimeSpan patience)
    {
        var deadline = TimeProvider.System.GetUtcNow() + patience;
        while (true)
        {
            var change = (await ReadAsync(servers)).Minus(before);
            if (change == expected || TimeProvider.System.GetUtcNow() > deadline)
            {
                return change;
            }

            await Task.Delay(500);
        }
    }
}
