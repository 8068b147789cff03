using LoyaltyGrid.Domain.Campaigns;
using LoyaltyGrid.Grains.Campaigns;
using LoyaltyGrid.Silo;
using LoyaltyGrid.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LoyaltyGrid.Cluster.Tests;

/// <summary>
/// Purchases journal the campaign catalog revision they earned by, so every revision must stay
/// findable for good, hold exactly the campaigns saved up to it, and never be seen before an
/// earlier one has committed; a silo that has not heard of a new revision yet must find it once it
/// reads again (the customer grain refreshes its catalog when a journaled revision is unknown).
/// Each test has a database of its own, so revisions count from 1; two catalogs on one database
/// stand for two silos.
/// </summary>
public sealed class CampaignCatalogTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 10, 0, 0, TimeSpan.Zero);

    private NpgsqlDataSource _dataSource = null!;
    private PostgresCampaignStore _store = null!;

    public async Task InitializeAsync()
    {
        _dataSource = NpgsqlDataSource.Create(await TestPostgres.CreateMigratedDatabaseAsync("catalog"));
        _store = new PostgresCampaignStore(_dataSource);
    }

    public async Task DisposeAsync() => await _dataSource.DisposeAsync();

    [Fact]
    public async Task Each_change_is_a_new_revision_and_an_earlier_revision_keeps_exactly_the_campaigns_saved_up_to_it()
    {
        var here = Catalog();
        var elsewhere = Catalog();

        var first = await _store.SaveAsync(Terms("a", multiplier: 2m), Now);
        var repeated = await _store.SaveAsync(Terms("a", multiplier: 2m), Now.AddMinutes(1));
        await here.RefreshAsync();
        await elsewhere.RefreshAsync();
        var second = await _store.SaveAsync(Terms("a", bonusPoints: 5), Now.AddMinutes(2));
        await _store.SaveAsync(Terms("b", bonusPoints: 7), Now.AddMinutes(3));
        await here.RefreshAsync();

        Assert.Equal((1, 1, 2), (first.Version, repeated.Version, second.Version));
        Assert.Equal(3, here.Current.Number);
        Assert.Equal([second, Terms("b", bonusPoints: 7) with { Version = 1 }], here.Current.Campaigns);
        Assert.True(here.TryAsOf(1, out var asFirstSaved));
        Assert.Equal([first], asFirstSaved.Campaigns);
        Assert.True(here.TryAsOf(2, out var beforeB));
        Assert.Equal([second], beforeB.Campaigns);
        Assert.Same(beforeB, here.TryAsOf(2, out var again) ? again : null);
        Assert.True(here.TryAsOf(0, out var none));
        Assert.Empty(none.Campaigns);
        Assert.False(here.TryAsOf(4, out _));
        // Entries journaled by version (between migrations 0043 and 0044) still find their terms.
        Assert.True(here.TryFind(new CampaignVersion("a", 1), out var old));
        Assert.Equal(first, old);

        // Not yet read by the other silo: it still earns by revision 1 and does not know revision 3.
        Assert.Equal(1, elsewhere.Current.Number);
        Assert.False(elsewhere.TryAsOf(3, out _));
        await elsewhere.RefreshAsync();
        Assert.True(elsewhere.TryAsOf(3, out var heard));
        Assert.Equal(here.Current.Campaigns, heard.Campaigns);
    }

    [Fact]
    public async Task Concurrent_saves_get_consecutive_revisions_and_a_read_never_sees_a_revision_before_an_earlier_one_committed()
    {
        var reads = new List<IReadOnlyList<CampaignRevision>>();
        using var saving = new CancellationTokenSource();
        var reading = Task.Run(async () =>
        {
            while (!saving.IsCancellationRequested)
            {
                reads.Add(await _store.ReadAllRevisionsAsync());
            }
        });

        // Twenty campaigns, four changes each, all at once: 80 revisions.
        var saved = await Task.WhenAll(
            from change in Enumerable.Range(1, 4)
            from campaign in Enumerable.Range(1, 20)
            select _store.SaveAsync(Terms($"c{campaign:00}", bonusPoints: change), Now));
        await saving.CancelAsync();
        await reading;
        var stored = await _store.ReadAllRevisionsAsync();

        Assert.Equal(Enumerable.Range(1, 80).Select(revision => (long)revision), stored.Select(saved => saved.Revision));
        Assert.All(stored.GroupBy(saved => saved.Terms.CampaignId), versions =>
            Assert.Equal(Enumerable.Range(1, 4), versions.Select(saved => saved.Terms.Version)));
        Assert.All(saved, campaign => Assert.Contains(stored, kept => kept.Terms == campaign));
        Assert.NotEmpty(reads);
        Assert.All(reads, read => Assert.Equal(Enumerable.Range(1, read.Count).Select(revision => (long)revision), read.Select(saved => saved.Revision)));
        Assert.Equal(4, (await _store.ReadAllAsync()).Select(campaign => campaign.Version).Distinct().Single());
    }

    private CampaignCache Catalog() =>
        new(_store, _dataSource, Options.Create(new CampaignCacheOptions()), NullLogger<CampaignCache>.Instance);

    private static Campaign Terms(string id, decimal? multiplier = null, long? bonusPoints = null) =>
        new(id, "Versioned", Now.AddDays(-1), Now.AddDays(30), multiplier, bonusPoints);
}
