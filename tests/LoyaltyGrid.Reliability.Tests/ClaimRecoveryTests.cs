using System.Net;
using LoyaltyGrid.Testing;
using Xunit.Abstractions;

namespace LoyaltyGrid.Reliability.Tests;

/// <summary>A server on a database of its own, killed and restarted by the claim test.</summary>
public sealed class ClaimServer : ServerFixture
{
    protected override string Purpose => "claims";
}

/// <summary>
/// Claims in flight while their server is killed (SIGKILL): after the restart, half of them are
/// retried with the same ids and the other half are left to the due sweeper. Then, for every
/// claim, checked in SQL: coupon issued ⇔ the reward decided "taken" ⇔ the customer journaled
/// claim-completed (points spent), refused ⇔ points returned; none is left pending; the stock is
/// the initial one less what was taken; no balance is below zero.
/// </summary>
public sealed class ClaimRecoveryTests(ClaimServer server, ITestOutputHelper output) : IClassFixture<ClaimServer>
{
    private const int Customers = 60;
    private const int ClaimsPerCustomer = 3;
    private const long Stock = 40;
    private const long Cost = 100;
    private const long Points = Cost * ClaimsPerCustomer;

    [Fact]
    public async Task Claims_interrupted_by_a_kill_finish_or_undo_all_of_their_steps()
    {
        var rewardId = TestIds.New("r");
        await server.Api.PutRewardAsync(rewardId, RewardRequests.Reward(pointsCost: Cost, stock: Stock));
        var customers = await Task.WhenAll(Enumerable.Range(0, Customers).Select(_ => server.Api.CustomerWithPointsAsync(Points)));
        var claims = customers.SelectMany(customerId => Enumerable.Range(0, ClaimsPerCustomer).Select(index => (CustomerId: customerId, ClaimId: $"k-{index}"))).ToList();

        var answered = 0;
        var inFlight = claims.Select(async claim =>
        {
            var status = await TryClaimAsync(server.Api, claim.CustomerId, claim.ClaimId, rewardId);
            Interlocked.Increment(ref answered);
            return status;
        }).ToList();
        // Kill once some claims were answered and most are still on their way.
        while (Volatile.Read(ref answered) < 10)
        {
            await Task.Delay(5);
        }

        await server.KillAndRestartAsync();
        var firstAnswers = await Task.WhenAll(inFlight);
        var lost = firstAnswers.Count(status => status is null);
        output.WriteLine($"claims: {claims.Count}; answered before the kill or refused by it: {claims.Count - lost}; without an answer: {lost}");

        // Half are retried with the same id until they have an answer; the rest only the sweeper finishes.
        var retried = claims.Where((_, index) => index % 2 == 0).ToList();
        foreach (var (customerId, claimId) in retried)
        {
            HttpStatusCode? status = null;
            for (var attempt = 0; status is null && attempt < 30; attempt++)
            {
                status = await TryClaimAsync(server.Api, customerId, claimId, rewardId);
                if (status is null)
                {
                    await Task.Delay(500);
                }
            }

            Assert.True(status is HttpStatusCode.OK or HttpStatusCode.Conflict, $"{customerId}/{claimId}: {status}");
        }

        var pending = await EventuallyAsync(() => Sql.ScalarAsync<long>(server.ConnectionString, """
            SELECT count(*) FROM journal s
            WHERE s.type = 'claim-started'
              AND NOT EXISTS (SELECT 1 FROM journal e WHERE e.stream = s.stream
                              AND e.event_id IN ('claim-completed:' || substr(s.event_id, 15), 'claim-refused:' || substr(s.event_id, 15)))
            """), count => count == 0, TimeSpan.FromSeconds(60));
        Assert.Equal(0L, pending);

        var rewardFilter = $"reward_id = '{rewardId}'";
        // coupon ⇔ taken ⇔ claim-completed, and not taken ⇔ claim-refused: every mismatch in one count.
        Assert.Equal(0L, await Sql.ScalarAsync<long>(server.ConnectionString, $"""
            SELECT count(*) FROM reward_claim d
            LEFT JOIN coupon c ON c.customer_id = d.customer_id AND c.claim_id = d.claim_id
            WHERE d.{rewardFilter} AND (
                (c.code IS NOT NULL) <> d.taken
             OR EXISTS (SELECT 1 FROM journal j WHERE j.stream = 'c:' || d.customer_id AND j.event_id = 'claim-completed:' || d.claim_id) <> d.taken
             OR EXISTS (SELECT 1 FROM journal j WHERE j.stream = 'c:' || d.customer_id AND j.event_id = 'claim-refused:' || d.claim_id) = d.taken)
            """));
        // Every started claim was decided by the reward, and nothing was decided for a claim never started.
        var started = await Sql.ScalarAsync<long>(server.ConnectionString, "SELECT count(*) FROM journal WHERE type = 'claim-started'");
        Assert.Equal(started, await Sql.ScalarAsync<long>(server.ConnectionString, $"SELECT count(*) FROM reward_claim WHERE {rewardFilter}"));
        Assert.Equal(0L, await Sql.ScalarAsync<long>(server.ConnectionString, $"""
            SELECT count(*) FROM journal e WHERE e.type IN ('claim-completed', 'claim-refused')
              AND NOT EXISTS (SELECT 1 FROM journal s WHERE s.stream = e.stream AND s.event_id = 'claim-started:' || substr(e.event_id, length(e.type) + 2))
            """));
        var taken = await Sql.ScalarAsync<long>(server.ConnectionString, $"SELECT count(*) FROM reward_claim WHERE {rewardFilter} AND taken");
        Assert.Equal(Stock - taken, await Sql.ScalarAsync<long>(server.ConnectionString, $"SELECT remaining FROM reward WHERE {rewardFilter}"));
        Assert.Equal(Stock, taken);
        foreach (var customerId in customers)
        {
            var completed = await Sql.ScalarAsync<long>(server.ConnectionString,
                $"SELECT count(*) FROM journal WHERE stream = 'c:{customerId}' AND type = 'claim-completed'");
            Assert.Equal(Points - Cost * completed, await server.Api.BalanceAsync(customerId));
        }

        output.WriteLine($"started: {started}; taken: {taken}; retried: {retried.Count}; left to the sweeper: {claims.Count - retried.Count}");
    }

    /// <summary>The claim's status, or null when the server gave no answer (killed, restarting).</summary>
    private static async Task<HttpStatusCode?> TryClaimAsync(ApiClient api, string customerId, string claimId, string rewardId)
    {
        try
        {
            var reply = await api.ClaimAsync(customerId, claimId, rewardId);
            return reply.Status is HttpStatusCode.OK or HttpStatusCode.Conflict ? reply.Status : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            return null;
        }
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(250);
        }
    }
}
