using System.Diagnostics;

namespace LoyaltyGrid.Journal.Tests;

/// <summary>Polls a condition with a generous deadline: a loaded two-core machine is slow, not wrong.</summary>
internal static class Eventually
{
    public static async Task<T> Wait<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(60);
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (waited.Elapsed > limit)
            {
                throw new TimeoutException($"Timed out waiting for {what}; last seen: {value}");
            }

            await Task.Delay(50);
        }
    }
}
