namespace LoyaltyGrid.Journal;

/// <summary>
/// For statements PostgreSQL would otherwise plan afresh on every call. A prepared statement gets
/// a custom plan (made for its parameter values) while its estimated cost beats the generic one's,
/// and for statements that touch the partitioned journal, or take arrays or a <c>LIMIT</c> as
/// parameters, it always did: planning then cost more than running (the journal writer's batch:
/// ~600 µs of planning for ~30 µs of execution; a webhook claim: ~300 µs for ~400 µs, measured
/// with pg_stat_statements). Sent first in a transaction, it holds until that transaction ends.
/// Only for statements whose generic plan was checked with <c>EXPLAIN</c>: the projections' page
/// read, for one, sorts instead of using its index with a generic plan.
/// </summary>
public static class GenericPlans
{
    public const string ForThisTransaction = "SET LOCAL plan_cache_mode = force_generic_plan";
}
