using LoyaltyGrid.Grains.Journaling;

namespace LoyaltyGrid.Cluster.Tests;

public sealed class StoredDueMomentTests
{
    private static readonly DateTimeOffset Noon = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_activation_writes_its_first_moment_whatever_it_is()
    {
        var stored = new StoredDueMoment();
        Assert.True(stored.NeedsWrite(null));
        Assert.True(stored.NeedsWrite(Noon));
    }

    [Fact]
    public void Only_a_sooner_moment_or_none_any_more_is_written()
    {
        var stored = new StoredDueMoment();
        stored.Stored(Noon);

        Assert.False(stored.NeedsWrite(Noon));
        Assert.False(stored.NeedsWrite(Noon.AddDays(30)));
        Assert.True(stored.NeedsWrite(Noon.AddTicks(-1)));
        Assert.True(stored.NeedsWrite(null));
    }

    [Fact]
    public void Nothing_due_stays_nothing_due_without_a_write()
    {
        var stored = new StoredDueMoment();
        stored.Stored(null);

        Assert.False(stored.NeedsWrite(null));
        Assert.True(stored.NeedsWrite(Noon));
    }

    [Fact]
    public void After_a_failed_write_the_next_one_is_written()
    {
        var stored = new StoredDueMoment();
        stored.Stored(Noon);
        stored.Forget();

        Assert.True(stored.NeedsWrite(Noon.AddDays(1)));
    }
}
