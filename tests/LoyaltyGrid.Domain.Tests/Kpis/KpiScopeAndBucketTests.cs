using System.Text.Json;
using LoyaltyGrid.Domain.Kpis;

namespace LoyaltyGrid.Domain.Tests.Kpis;

public class KpiScopeAndBucketTests
{
    [Fact]
    public void An_event_counts_in_the_grid_its_storefront_its_market_and_the_pair()
    {
        Assert.Equal(
            ["grid", "storefront:shop-1", "market:DE", "storefront-market:shop-1|DE"],
            KpiScope.For("shop-1", "DE").Select(scope => scope.Key));
    }

    [Fact]
    public void An_event_without_a_market_counts_in_the_grid_and_its_storefront()
    {
        Assert.Equal(["grid", "storefront:shop-1"], KpiScope.For("shop-1", null).Select(scope => scope.Key));
    }

    [Theory]
    [InlineData(null, null, "grid")]
    [InlineData(null, "DE", "grid market:DE")]
    public void An_event_without_a_storefront_counts_in_what_is_known(string? storefront, string? market, string keys)
    {
        Assert.Equal(keys.Split(' '), KpiScope.For(storefront, market).Select(scope => scope.Key));
    }

    [Theory]
    [InlineData(null, null, "grid")]
    [InlineData("shop-1", "", "storefront:shop-1")]
    [InlineData("", "DE", "market:DE")]
    [InlineData("shop-1", "DE", "storefront-market:shop-1|DE")]
    public void A_read_names_its_scope_by_optional_filters(string? storefront, string? market, string key)
    {
        Assert.Equal(key, KpiScope.Of(storefront, market).Key);
    }

    [Theory]
    [InlineData("grid")]
    [InlineData("storefront:shop-1")]
    [InlineData("market:DE")]
    [InlineData("storefront-market:shop|1|DE")]
    public void Scope_keys_parse_back_to_equal_scopes(string key)
    {
        Assert.True(KpiScope.TryParse(key, out var scope));
        Assert.Equal(key, scope.Key);
        Assert.Equal(scope, JsonSerializer.Deserialize<KpiScope>(JsonSerializer.Serialize(scope)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("grid2")]
    [InlineData("storefront:")]
    [InlineData("market: ")]
    [InlineData("storefront-market:shop-1")]
    [InlineData("storefront-market:|DE")]
    [InlineData("storefront-market:shop-1|")]
    public void Malformed_scope_keys_are_refused(string key)
    {
        Assert.False(KpiScope.TryParse(key, out _));
    }

    [Theory]
    [InlineData("2026-11-22T23:59:59.9999999+00:00", "2026-11-22", "2026-11")]
    [InlineData("2026-11-23T00:30:00+02:00", "2026-11-22", "2026-11")]
    [InlineData("2026-11-30T23:00:00-05:00", "2026-12-01", "2026-12")]
    public void Buckets_are_the_utc_day_and_month_of_the_event(string occurredAt, string day, string month)
    {
        var buckets = KpiBucket.EventBuckets(DateTimeOffset.Parse(occurredAt, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal([day, month, "all"], buckets.Select(bucket => bucket.Key));
    }

    [Theory]
    [InlineData("all")]
    [InlineData("now")]
    [InlineData("2026-02")]
    [InlineData("2026-02-28")]
    public void Bucket_keys_parse_back_to_equal_buckets(string key)
    {
        var bucket = KpiBucket.Parse(key);

        Assert.Equal(key, bucket.Key);
        Assert.Equal(bucket, JsonSerializer.Deserialize<KpiBucket>(JsonSerializer.Serialize(bucket)));
    }

    [Fact]
    public void The_default_bucket_is_all_time()
    {
        Assert.Equal(KpiBucket.AllTime, default);
        Assert.Equal("all", default(KpiBucket).Key);
    }

    [Theory]
    [InlineData("2026-13")]
    [InlineData("2026-02-30")]
    [InlineData("today")]
    public void Malformed_bucket_keys_are_refused(string key)
    {
        Assert.False(KpiBucket.TryParse(key, out _));
    }
}
