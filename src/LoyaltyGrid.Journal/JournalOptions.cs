namespace LoyaltyGrid.Journal;

/// <summary>The <c>Journal</c> configuration section.</summary>
public sealed class JournalOptions
{
    public const string SectionName = "Journal";

    public JournalGroupCommitOptions GroupCommit { get; set; } = new();

    public JournalProjectionOptions Projections { get; set; } = new();

    public JournalDueOptions Due { get; set; } = new();

    public void Validate()
    {
        GroupCommit.Validate();
        Projections.Validate();
        Due.Validate();
    }

    internal static void Require(bool condition, string name, object value, string rule)
    {
        if (!condition)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{SectionName}:{name} {rule}.");
        }
    }
}

/// <summary><c>Journal:GroupCommit</c>: how appends, due moments and snapshots are gathered into transactions.</summary>
public sealed class JournalGroupCommitOptions
{
    /// <summary>
    /// How long the first write of a batch waits for company. While one batch commits the next one
    /// gathers anyway, so this is only the latency a lone write pays when traffic is sparse.
    /// </summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>The most writes (appends, due moments, snapshots) one transaction carries.</summary>
    public int MaxBatch { get; set; } = 500;

    internal void Validate()
    {
        JournalOptions.Require(Window >= TimeSpan.Zero && Window <= TimeSpan.FromSeconds(10), "GroupCommit:Window", Window, "must be between 0 and 10 seconds");
        JournalOptions.Require(MaxBatch is >= 1 and <= 100_000, "GroupCommit:MaxBatch", MaxBatch, "must be between 1 and 100000");
    }
}

/// <summary><c>Journal:Projections</c>: how the projection runner reads and waits.</summary>
public sealed class JournalProjectionOptions
{
    /// <summary>Entries per page of a live generation: one transaction stores a page's output and checkpoint.</summary>
    public int PageSize { get; set; } = 5_000;

    /// <summary>Entries per page of a rebuild, which folds history and gains from bigger transactions.</summary>
    public int RebuildPageSize { get; set; } = 20_000;

    /// <summary>
    /// How long an owner with nothing to do waits before reading again. A commit of this process's
    /// writer wakes it at once; this bounds how late another process's commits are seen.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// How long a caught-up projection lets commits gather before it reads again. Waking on every
    /// journal commit made pages of about 9 entries under load, each a transaction of its own, and
    /// that was PostgreSQL's largest cost per purchase. Adds at most this to KPI freshness; a
    /// projection that is behind or rebuilding never waits. Zero: read again at once.
    /// </summary>
    public TimeSpan MinPageInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How often a process that does not own a projection tries to take it, and how often an owner checks it still holds it.</summary>
    public TimeSpan OwnershipInterval { get; set; } = TimeSpan.FromSeconds(1);

    internal void Validate()
    {
        JournalOptions.Require(PageSize is >= 1 and <= 1_000_000, "Projections:PageSize", PageSize, "must be between 1 and 1000000");
        JournalOptions.Require(RebuildPageSize is >= 1 and <= 1_000_000, "Projections:RebuildPageSize", RebuildPageSize, "must be between 1 and 1000000");
        JournalOptions.Require(PollInterval > TimeSpan.Zero && PollInterval <= TimeSpan.FromMinutes(1), "Projections:PollInterval", PollInterval, "must be between 0 and 1 minute");
        JournalOptions.Require(MinPageInterval >= TimeSpan.Zero && MinPageInterval <= TimeSpan.FromSeconds(10), "Projections:MinPageInterval", MinPageInterval, "must be between 0 and 10 seconds");
        JournalOptions.Require(OwnershipInterval > TimeSpan.Zero && OwnershipInterval <= TimeSpan.FromMinutes(10), "Projections:OwnershipInterval", OwnershipInterval, "must be between 0 and 10 minutes");
    }
}

/// <summary><c>Journal:Due</c>: the sweeper that wakes streams whose due moment passed.</summary>
public sealed class JournalDueOptions
{
    /// <summary>How often owned partitions are swept (and unowned ones tried).</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The most due streams one sweep wakes; the rest wait for the next sweep, earliest first.</summary>
    public int SweepLimit { get; set; } = 1_000;

    /// <summary>How many wakes run at once.</summary>
    public int WakeParallelism { get; set; } = 16;

    internal void Validate()
    {
        JournalOptions.Require(SweepInterval > TimeSpan.Zero && SweepInterval <= TimeSpan.FromHours(1), "Due:SweepInterval", SweepInterval, "must be between 0 and 1 hour");
        JournalOptions.Require(SweepLimit is >= 1 and <= 1_000_000, "Due:SweepLimit", SweepLimit, "must be between 1 and 1000000");
        JournalOptions.Require(WakeParallelism is >= 1 and <= 1_024, "Due:WakeParallelism", WakeParallelism, "must be between 1 and 1024");
    }
}
