using System.Text.Json;
using LoyaltyGrid.Domain.Kpis;
using LoyaltyGrid.Domain.Lifecycle;
using LoyaltyGrid.Domain.Tiers;
using static LoyaltyGrid.Domain.Tests.Kpis.CustomerKpiMembershipTests;
using static LoyaltyGrid.Domain.Tests.Kpis.KpiText;

namespace LoyaltyGrid.Domain.Tests.Kpis;

public class CustomerKpiGaugeTests
{
    [Fact]
    public void A_customer_without_purchases_is_a_prospect_of_the_grid_only()
    {
        var prospect = CustomerKpiGauge.Of(LifecycleStage.Prospect, Tier.Member, 1, 0, []);

        Assert.Equal(
            Lines("""
                +1 grid lifecycle now prospect
                +1 grid tiers now Member
                +1 grid openComplaints now
                """),
            Describe(CustomerKpiMembership.GaugeDeltas(null, prospect)));
    }

    [Fact]
    public void The_first_purchase_moves_the_customer_into_its_home_scopes()
    {
        var prospect = CustomerKpiGauge.Of(LifecycleStage.Prospect, Tier.Member, 0, 0, []);
        var buyer = CustomerKpiGauge.Of(LifecycleStage.New, Tier.Member, 0, 64, Purchases("s1 DE 2026-01-05T10:00:00Z"));

        Assert.Equal(
            Lines("""
                -1 grid lifecycle now prospect
                +1 grid lifecycle now new
                +64 grid pointsOutstanding now
                +1 storefront:s1 lifecycle now new
                +1 storefront:s1 tiers now Member
                +64 storefront:s1 pointsOutstanding now
                +1 market:DE lifecycle now new
                +1 market:DE tiers now Member
                +64 market:DE pointsOutstanding now
                +1 storefront-market:s1|DE lifecycle now new
                +1 storefront-market:s1|DE tiers now Member
                +64 storefront-market:s1|DE pointsOutstanding now
                """),
            Describe(CustomerKpiMembership.GaugeDeltas(prospect, buyer)));
    }

    [Fact]
    public void A_change_of_stage_and_tier_moves_one_count_in_each_scope()
    {
        var purchases = Purchases("s1 DE 2026-01-05T10:00:00Z; s1 DE 2026-02-05T10:00:00Z");
        var before = CustomerKpiGauge.Of(LifecycleStage.New, Tier.Member, 2, 100, purchases.Take(1));
        var after = CustomerKpiGauge.Of(LifecycleStage.Repeat, Tier.Silver, 1, 100, purchases);

        var deltas = Describe(CustomerKpiMembership.GaugeDeltas(before, after).Where(delta => delta.Scope.Key == "market:DE"));

        Assert.Equal(
            Lines("""
                -1 market:DE lifecycle now new
                +1 market:DE lifecycle now repeat
                -1 market:DE tiers now Member
                +1 market:DE tiers now Silver
                -1 market:DE openComplaints now
                """),
            deltas);
    }

    [Fact]
    public void An_earlier_purchase_elsewhere_moves_the_home_and_everything_counted_there()
    {
        var later = Purchases("s1 DE 2026-02-05T10:00:00Z");
        var before = CustomerKpiGauge.Of(LifecycleStage.New, Tier.Member, 0, 50, later);
        var after = CustomerKpiGauge.Of(LifecycleStage.Repeat, Tier.Member, 0, 80, [.. later, Purchase("s2 FR 2026-01-05T10:00:00Z")]);

        var deltas = CustomerKpiMembership.GaugeDeltas(before, after);

        Assert.Equal(("s2", "FR"), (after.HomeStorefront, after.HomeMarket));
        Assert.Equal(
            Lines("""
                -1 storefront:s1 lifecycle now new
                -1 storefront:s1 tiers now Member
                -50 storefront:s1 pointsOutstanding now
                +1 storefront:s2 lifecycle now repeat
                +1 storefront:s2 tiers now Member
                +80 storefront:s2 pointsOutstanding now
                """),
            Describe(deltas.Where(delta => delta.Scope.Key.StartsWith("storefront:", StringComparison.Ordinal))));
        Assert.Equal(
            Lines("""
                -1 grid lifecycle now new
                +1 grid lifecycle now repeat
                +30 grid pointsOutstanding now
                """),
            Describe(deltas.Where(delta => delta.Scope == KpiScope.Grid)));
    }

    [Fact]
    public void A_stored_gauge_reads_back_equal_and_keeps_its_stage_by_name()
    {
        var gauge = CustomerKpiGauge.Of(LifecycleStage.AtRisk, Tier.Gold, 2, 10, Purchases("s1 DE 2026-01-05T10:00:00Z"));

        var json = JsonSerializer.Serialize(gauge, JsonSerializerOptions.Web);

        Assert.Equal(gauge, JsonSerializer.Deserialize<CustomerKpiGauge>(json, JsonSerializerOptions.Web));
        Assert.Contains("\"lifecycle\":\"AtRisk\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"scopes\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_changed_emits_nothing_and_a_removed_customer_takes_its_counts_away()
    {
        var gauge = CustomerKpiGauge.Of(LifecycleStage.Lapsed, Tier.Gold, 0, 10, Purchases("s1 DE 2026-01-05T10:00:00Z"));

        Assert.Empty(CustomerKpiMembership.GaugeDeltas(gauge, gauge with { }));
        Assert.All(CustomerKpiMembership.GaugeDeltas(gauge, null), delta => Assert.True(delta.Amount < 0));
        Assert.Equal(12, CustomerKpiMembership.GaugeDeltas(gauge, null).Count);
    }
}
