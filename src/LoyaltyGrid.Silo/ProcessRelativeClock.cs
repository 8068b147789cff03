using System.Diagnostics;

namespace LoyaltyGrid.Silo;

/// <summary>
/// The system clock, with monotonic timestamps counted from this clock's creation instead of from
/// machine boot. Orleans' silo watchdog starts its runtime-health thread before it records when
/// its component check last ran, so that thread's first look can read the still-zero timestamp
/// and report "Participant check thread has not completed for &lt;time since boot&gt;, potentially
/// indicating ... deadlock" on an ordinary start. With timestamps from this clock, that zero means
/// "when the silo's services were built", seconds ago, under the watchdog's threshold (twice
/// <c>ClusterMembershipOptions.LocalHealthDegradationMonitoringPeriod</c>), while a real stall
/// is still measured and reported exactly as before.
/// </summary>
internal sealed class ProcessRelativeClock : TimeProvider
{
    private readonly long _origin = Stopwatch.GetTimestamp();

    // Never 0, so a timestamp taken at once is not mistaken for an unset one.
    public override long GetTimestamp() => Stopwatch.GetTimestamp() - _origin + 1;
}
