using LoyaltyGrid.Domain.Complaints;
using LoyaltyGrid.Domain.Tests.Support;

namespace LoyaltyGrid.Domain.Tests.Properties;

/// <summary>
/// A grain schedules its reminder at <c>NextDueAt</c>; after catching up to now, that must be
/// strictly in the future (or never), or the grain would spin, and nothing may be left due.
/// </summary>
public class WakeUpStreamTests
{
    [Theory]
    [InlineData(7)]
    [InlineData(99)]
    public void After_advancing_to_now_the_next_wake_up_is_in_the_future(int seed)
    {
        var random = new Random(seed);
        var account = Accounts.New();
        var now = At.T0;
        for (var step = 0; step < 1_000; step++)
        {
            now = now.AddHours(random.Next(1, 24 * 20));
            var at = now.AddHours(-random.Next(0, 24 * 30));
            switch (random.Next(4))
            {
                case 0:
                    account.Buy($"o-{step}", random.Next(1, 3_000), at);
                    break;
                case 1:
                    account.OpenComplaint($"cp-{step}", null, ComplaintCategory.Service, at);
                    break;
                case 2 when account.State.Complaints.Count > 0:
                    var complaintId = account.State.Complaints.Keys.ElementAt(random.Next(account.State.Complaints.Count));
                    account.ResolveComplaint(complaintId, at.AddHours(random.Next(0, 100)));
                    break;
                default:
                    break;
            }

            var next = account.AdvanceTo(now).NextDueAt;

            Assert.True(next is null || next > now, $"step {step}: {next} is not after {now}");
            Assert.Empty(account.CheckComplaintDeadlines(now));
        }
    }
}
