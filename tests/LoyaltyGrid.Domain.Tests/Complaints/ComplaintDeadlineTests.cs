using LoyaltyGrid.Domain.Complaints;
using LoyaltyGrid.Domain.Customers;
using LoyaltyGrid.Domain.Tests.Support;

namespace LoyaltyGrid.Domain.Tests.Complaints;

public class ComplaintDeadlineTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    /// <summary>
    /// A script of events in arrival order, each "kind@hours[+tick]": respond, resolve or check
    /// (a deadline check at that server time). The expected breaches are what all the outcomes
    /// together counted minus what they withdrew: each breach once, or not at all.
    /// </summary>
    [Theory]
    [InlineData("respond@24", "")] // exactly at the deadline is on time
    [InlineData("respond@24+tick", "FirstResponse")]
    [InlineData("check@24", "")]
    [InlineData("check@24+tick", "FirstResponse")]
    [InlineData("check@25,check@30,check@100", "FirstResponse,Resolution")] // once each, however often checked
    [InlineData("check@25,respond@30", "FirstResponse")] // the late answer does not count it again
    [InlineData("respond@30,check@40", "FirstResponse")]
    [InlineData("check@25,respond@23", "")] // answered in time, but the event arrived late: withdrawn
    [InlineData("respond@2,resolve@72", "")]
    [InlineData("respond@2,resolve@72+tick", "Resolution")]
    [InlineData("respond@2,check@80", "Resolution")]
    [InlineData("respond@2,check@80,resolve@70", "")]
    [InlineData("resolve@10,check@100", "")] // a resolution answers the customer too
    [InlineData("resolve@30", "FirstResponse")]
    [InlineData("resolve@80", "FirstResponse,Resolution")]
    [InlineData("check@100,resolve@80", "FirstResponse,Resolution")]
    [InlineData("resolve@80,respond@5", "Resolution")] // an earlier response moves the first answer back
    [InlineData("respond@30,respond@5", "")]
    public void Breaches_are_counted_once_when_the_deadline_passes_or_the_answer_comes_late(
        string script, string expectedBreaches)
    {
        var account = Accounts.New();
        account.OpenComplaint("cp-1", "o-1", ComplaintCategory.Logistics, At.Hour(0));
        var counted = new List<SlaTarget>();

        foreach (var step in script.Split(','))
        {
            var (kind, at) = ParseStep(step);
            switch (kind)
            {
                case "check":
                    counted.AddRange(account.CheckComplaintDeadlines(at).Select(b => b.Target));
                    break;
                case "respond":
                    Apply(account.RecordComplaintResponse("cp-1", at), counted);
                    break;
                case "resolve":
                    Apply(account.ResolveComplaint("cp-1", at), counted);
                    break;
                default:
                    throw new ArgumentException($"Unknown step {step}", nameof(script));
            }
        }

        var expected = expectedBreaches.Length == 0 ? [] : expectedBreaches.Split(',').Select(Enum.Parse<SlaTarget>);
        Assert.Equal(expected.Order(), counted.Order());
    }

    [Fact]
    public void A_breach_names_its_complaint_target_and_deadline()
    {
        var account = Accounts.New();
        account.OpenComplaint("cp-1", null, ComplaintCategory.Payment, At.Hour(10));

        var breaches = account.CheckComplaintDeadlines(At.Hour(200));

        Assert.Equal(
            [
                new SlaBreach("cp-1", SlaTarget.FirstResponse, At.Hour(34)),
                new SlaBreach("cp-1", SlaTarget.Resolution, At.Hour(82)),
            ],
            breaches);
    }

    [Fact]
    public void Open_complaints_are_those_not_yet_resolved()
    {
        var account = Accounts.New();
        account.OpenComplaint("cp-1", null, ComplaintCategory.Quality, At.Hour(0));
        account.OpenComplaint("cp-2", "o-1", ComplaintCategory.Service, At.Hour(1));
        var responded = account.RecordComplaintResponse("cp-1", At.Hour(2));

        var resolved = account.ResolveComplaint("cp-2", At.Hour(3));

        Assert.Equal(2, responded.OpenComplaints);
        Assert.Equal(1, resolved.OpenComplaints);
        Assert.Equal(1, account.OpenComplaints);
        Assert.Equal((ComplaintCategory.Service, At.Hour(1)), (resolved.Category, resolved.OpenedAt));
    }

    [Fact]
    public void Answers_to_an_unknown_complaint_are_not_found()
    {
        var account = Accounts.New();

        Assert.Equal(ComplaintStatus.NotFound, account.RecordComplaintResponse("nope", At.Hour(0)).Status);
        Assert.Equal(ComplaintStatus.NotFound, account.ResolveComplaint("nope", At.Hour(0)).Status);
    }

    [Fact]
    public void The_same_complaint_id_twice_is_a_conflict()
    {
        var account = Accounts.New();
        account.OpenComplaint("cp-1", null, ComplaintCategory.Quality, At.Hour(0), "first");

        var again = account.OpenComplaint("cp-1", null, ComplaintCategory.Payment, At.Hour(5), "second");

        Assert.Equal(ComplaintStatus.DuplicateComplaint, again.Status);
        Assert.Equal("first", account.State.Complaints["cp-1"].Note);
    }

    [Fact]
    public void A_repeated_or_later_answer_changes_nothing()
    {
        var account = Accounts.New();
        account.OpenComplaint("cp-1", null, ComplaintCategory.Quality, At.Hour(0));
        account.RecordComplaintResponse("cp-1", At.Hour(5));
        account.ResolveComplaint("cp-1", At.Hour(6));

        Assert.Equal(ComplaintStatus.AlreadyRecorded, account.RecordComplaintResponse("cp-1", At.Hour(5)).Status);
        Assert.Equal(ComplaintStatus.AlreadyRecorded, account.RecordComplaintResponse("cp-1", At.Hour(9)).Status);
        Assert.Equal(ComplaintStatus.AlreadyRecorded, account.ResolveComplaint("cp-1", At.Hour(7)).Status);
    }

    [Fact]
    public void Targets_come_from_configuration_and_are_fixed_when_the_complaint_opens()
    {
        var rules = Accounts.Rules(r => r.Complaints.FirstResponseHours = 2);
        var account = Accounts.New(rules: rules);
        account.OpenComplaint("cp-1", null, ComplaintCategory.Quality, At.Hour(0));
        rules.Complaints.FirstResponseHours = 48;

        Assert.Equal(At.Hour(2), account.State.Complaints["cp-1"].RespondBy);
        Assert.Equal([SlaTarget.FirstResponse], account.CheckComplaintDeadlines(At.Hour(3)).Select(b => b.Target));
    }

    [Theory]
    [InlineData("logistics", ComplaintCategory.Logistics)]
    [InlineData("quality", ComplaintCategory.Quality)]
    [InlineData("not-as-described", ComplaintCategory.NotAsDescribed)]
    [InlineData("return-refund", ComplaintCategory.ReturnRefund)]
    [InlineData("payment", ComplaintCategory.Payment)]
    [InlineData("service", ComplaintCategory.Service)]
    public void Categories_use_the_api_spelling(string apiName, ComplaintCategory category)
    {
        Assert.True(ComplaintCategoryNames.TryParse(apiName, out var parsed));
        Assert.Equal(category, parsed);
        Assert.Equal(apiName, category.ToApiName());
    }

    [Theory]
    [InlineData("NotAsDescribed")]
    [InlineData("Quality")]
    [InlineData("other")]
    [InlineData("")]
    [InlineData(null)]
    public void Other_category_names_are_refused(string? apiName) =>
        Assert.False(ComplaintCategoryNames.TryParse(apiName, out _));

    private static void Apply(ComplaintOutcome outcome, List<SlaTarget> counted)
    {
        counted.AddRange(outcome.NewBreaches.Select(b => b.Target));
        foreach (var withdrawn in outcome.WithdrawnBreaches)
        {
            Assert.True(counted.Remove(withdrawn.Target), $"{withdrawn} was withdrawn without being counted.");
        }
    }

    private static (string Kind, DateTimeOffset At) ParseStep(string step)
    {
        var (kind, time) = (step.Split('@')[0], step.Split('@')[1]);
        var plusTick = time.EndsWith("+tick", StringComparison.Ordinal);
        var hours = int.Parse(plusTick ? time[..^"+tick".Length] : time, System.Globalization.CultureInfo.InvariantCulture);
        return (kind, At.Hour(hours) + (plusTick ? Tick : TimeSpan.Zero));
    }
}
