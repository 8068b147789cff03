using LoyaltyGrid.Domain.Campaigns;
using LoyaltyGrid.Grains.Campaigns;
using LoyaltyGrid.Silo;
using LoyaltyGrid.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LoyaltyGrid.Cluster.Tests;

/// <summary>
/// Purchases journal campaign versions, not terms, so every version must stay findable for good,
/// and a silo that has not heard of a new version yet must find it once it reads again (the
/// customer grain refreshes its catalog when a journaled version is unknown). Two catalogs on one
/// database stand for two silos.
/// </summary>
public sealed class CampaignVersionTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Each_change_is_a_new_version_the_old_terms_stay_findable_and_a_silo_that_missed_it_finds_it_after_a_refresh()
    {
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        var store = new PostgresCampaignStore(dataSource);
        var here = Catalog(store, dataSource);
        var elsewhere = Catalog(store, dataSource);
        var id = TestIds.New("versions");

        var first = await store.SaveAsync(Terms(id, multiplier: 2m), Now);
        var repeated = await store.SaveAsync(Terms(id, multiplier: 2m), Now.AddMinutes(1));
        await here.RefreshAsync();
        await elsewhere.RefreshAsync();
        var second = await store.SaveAsync(Terms(id, bonusPoints: 5), Now.AddMinutes(2));
        await here.RefreshAsync();

        Assert.Equal(1, first.Version);
        Assert.Equal(1, repeated.Version);
        Assert.Equal(2, second.Version);
        Assert.True(here.TryFind(new CampaignVersion(id, 1), out var old));
        Assert.Equal(2m, old.Multiplier);
        Assert.Null(old.BonusPoints);
        Assert.True(here.TryFind(new CampaignVersion(id, 2), out var latest));
        Assert.Equal(5, latest.BonusPoints);
        Assert.Equal(second, here.Current.Single(campaign => campaign.CampaignId == id));

        // Not yet read by the other silo: it still earns by version 1 and does not know version 2.
        Assert.Equal(1, elsewhere.Current.Single(campaign => campaign.CampaignId == id).Version);
        Assert.False(elsewhere.TryFind(new CampaignVersion(id, 2), out _));
        await elsewhere.RefreshAsync();
        Assert.True(elsewhere.TryFind(new CampaignVersion(id, 2), out var heard));
        Assert.Equal(latest, heard);
        Assert.False(elsewhere.TryFind(new CampaignVersion(id, 3), out _));
    }

    [Fact]
    public async Task Concurrent_changes_of_one_campaign_get_distinct_consecutive_versions()
    {
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        var store = new PostgresCampaignStore(dataSource);
        var id = TestIds.New("racing");

        var saved = await Task.WhenAll(Enumerable.Range(1, 20).Select(bonus => store.SaveAsync(Terms(id, bonusPoints: bonus), Now)));
        var versions = await store.ReadAllVersionsAsync();

        Assert.Equal(Enumerable.Range(1, 20), saved.Select(campaign => campaign.Version).Order());
        var ofThis = versions.Where(campaign => campaign.CampaignId == id).ToList();
        Assert.Equal(Enumerable.Range(1, 20), ofThis.Select(campaign => campaign.Version));
        // Each version holds the terms its save wrote.
        Assert.All(saved, campaign => Assert.Equal(campaign, ofThis.Single(stored => stored.Version == campaign.Version)));
        Assert.Equal(20, (await store.ReadAllAsync()).Single(campaign => campaign.CampaignId == id).Version);
    }

    private static CampaignCache Catalog(PostgresCampaignStore store, NpgsqlDataSource dataSource) =>
        new(store, dataSource, Options.Create(new CampaignCacheOptions()), NullLogger<CampaignCache>.Instance);

    private static Campaign Terms(string id, decimal? multiplier = null, long? bonusPoints = null) =>
        new(id, "Versioned", Now.AddDays(-1), Now.AddDays(30), multiplier, bonusPoints);
}
