using LoyaltyGrid.Domain.Customers;
using LoyaltyGrid.Domain.Tests.Support;
using LoyaltyGrid.Domain.Tiers;

namespace LoyaltyGrid.Domain.Tests.Rules;

public class LoyaltyRulesValidationTests
{
    [Fact]
    public void The_defaults_are_valid() => Assert.Empty(new LoyaltyRules().Validate());

    [Fact]
    public void The_defaults_are_the_numbers_of_rules_md()
    {
        var rules = new LoyaltyRules();

        Assert.Equal("USD", rules.ReportingCurrency);
        Assert.Equal(
            new Dictionary<string, decimal>
            {
                ["USD"] = 1m, ["EUR"] = 1.08m, ["GBP"] = 1.27m, ["JPY"] = 0.0067m,
                ["CNY"] = 0.138m, ["CAD"] = 0.73m, ["AUD"] = 0.65m,
            },
            rules.Rates);
        Assert.Equal([0m, 500m, 2_000m, 5_000m], Enum.GetValues<Tier>().Select(t => rules.Tiers.RuleOf(t).Threshold));
        Assert.Equal([1.0m, 1.25m, 1.5m, 2.0m], Enum.GetValues<Tier>().Select(t => rules.Tiers.RuleOf(t).Multiplier));
        Assert.Equal(TimeSpan.FromDays(365), rules.TierWindow);
        Assert.Equal(50, rules.ReviewPoints);
        Assert.Equal(200, rules.ReferralPoints);
        Assert.Equal(TimeSpan.FromDays(365), rules.PointsLifetime);
        Assert.Equal(TimeSpan.FromDays(90), rules.Lifecycle.RepeatWithin);
        Assert.Equal(TimeSpan.FromDays(180), rules.Lifecycle.LapsedAfter);
        Assert.Equal(TimeSpan.FromHours(24), rules.Complaints.FirstResponseTarget);
        Assert.Equal(TimeSpan.FromHours(72), rules.Complaints.ResolutionTarget);
    }

    private static readonly Dictionary<string, (Action<LoyaltyRules> Break, string Key)> BadSettings = new()
    {
        ["lower-case reporting currency"] = (r => r.ReportingCurrency = "usd", "Loyalty:ReportingCurrency"),
        ["empty reporting currency"] = (r => r.ReportingCurrency = "", "Loyalty:ReportingCurrency"),
        ["no rates"] = (r => r.Rates.Clear(), "Loyalty:Rates"),
        ["zero rate"] = (r => r.Rates["EUR"] = 0m, "Loyalty:Rates:EUR"),
        ["negative rate"] = (r => r.Rates["GBP"] = -1.27m, "Loyalty:Rates:GBP"),
        ["badly named rate"] = (r => r.Rates["Euro"] = 1.08m, "Loyalty:Rates:Euro"),
        ["negative minor digits"] = (r => r.MinorDigits["JPY"] = -1, "Loyalty:MinorDigits:JPY"),
        ["minor digits finer than hundredths"] = (r => r.MinorDigits["KWD"] = 3, "Loyalty:MinorDigits:KWD"),
        ["badly named minor digits"] = (r => r.MinorDigits["yen"] = 0, "Loyalty:MinorDigits:yen"),
        ["reporting currency missing from rates"] = (r => r.Rates.Remove("USD"), "Loyalty:Rates:USD"),
        ["reporting currency not at 1"] = (r => r.ReportingCurrency = "EUR", "Loyalty:Rates:EUR"),
        ["member threshold above 0"] = (r => r.Tiers.Member.Threshold = 10m, "Loyalty:Tiers:Member:Threshold"),
        ["silver at member"] = (r => r.Tiers.Silver.Threshold = 0m, "Loyalty:Tiers:Silver:Threshold"),
        ["gold below silver"] = (r => r.Tiers.Gold.Threshold = 400m, "Loyalty:Tiers:Gold:Threshold"),
        ["platinum equal to gold"] = (r => r.Tiers.Platinum.Threshold = 2_000m, "Loyalty:Tiers:Platinum:Threshold"),
        ["negative member multiplier"] = (r => r.Tiers.Member.Multiplier = -1m, "Loyalty:Tiers:Member:Multiplier"),
        ["gold multiplier below silver"] = (r => r.Tiers.Gold.Multiplier = 1.2m, "Loyalty:Tiers:Gold:Multiplier"),
        ["missing tier"] = (r => r.Tiers.Silver = null!, "Loyalty:Tiers:Silver"),
        ["missing tier table"] = (r => r.Tiers = null!, "Loyalty:Tiers"),
        ["zero tier window"] = (r => r.TierWindowDays = 0, "Loyalty:TierWindowDays"),
        ["endless tier window"] = (r => r.TierWindowDays = 36_501, "Loyalty:TierWindowDays"),
        ["no late events at all"] = (r => r.LateEventDays = 0, "Loyalty:LateEventDays"),
        ["late events past the calendar"] = (r => r.LateEventDays = 36_501, "Loyalty:LateEventDays"),
        ["negative review points"] = (r => r.ReviewPoints = -50, "Loyalty:ReviewPoints"),
        ["negative referral points"] = (r => r.ReferralPoints = -200, "Loyalty:ReferralPoints"),
        ["negative points lifetime"] = (r => r.PointsLifetimeDays = -1, "Loyalty:PointsLifetimeDays"),
        ["points lifetime past the calendar"] = (r => r.PointsLifetimeDays = int.MaxValue, "Loyalty:PointsLifetimeDays"),
        ["zero repeat window"] = (r => r.Lifecycle.RepeatWithinDays = 0, "Loyalty:Lifecycle:RepeatWithinDays"),
        ["lapsed before repeat"] = (r => r.Lifecycle.LapsedAfterDays = 90, "Loyalty:Lifecycle:LapsedAfterDays"),
        ["lapsed past the calendar"] = (r => r.Lifecycle.LapsedAfterDays = 40_000, "Loyalty:Lifecycle:LapsedAfterDays"),
        ["missing lifecycle"] = (r => r.Lifecycle = null!, "Loyalty:Lifecycle"),
        ["zero response target"] = (r => r.Complaints.FirstResponseHours = 0, "Loyalty:Complaints:FirstResponseHours"),
        ["negative resolution target"] = (r => r.Complaints.ResolutionHours = -72, "Loyalty:Complaints:ResolutionHours"),
        ["resolution target past the calendar"] = (r => r.Complaints.ResolutionHours = int.MaxValue, "Loyalty:Complaints:ResolutionHours"),
        ["missing complaints"] = (r => r.Complaints = null!, "Loyalty:Complaints"),
    };

    public static TheoryData<string> BadSettingNames => [.. BadSettings.Keys];

    [Theory]
    [MemberData(nameof(BadSettingNames))]
    public void A_bad_setting_is_reported_by_its_configuration_key(string setting)
    {
        var (breakIt, key) = BadSettings[setting];
        var rules = new LoyaltyRules();
        breakIt(rules);

        var problems = rules.Validate();

        var problem = Assert.Single(problems);
        Assert.StartsWith(key + " ", problem);
    }

    [Fact]
    public void Every_problem_is_reported_not_only_the_first()
    {
        var rules = new LoyaltyRules { TierWindowDays = 0, ReviewPoints = -1, PointsLifetimeDays = -1 };

        Assert.Equal(3, rules.Validate().Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3650)]
    [InlineData(36_500)]
    public void A_points_lifetime_up_to_a_century_is_valid_and_0_means_never(int days)
    {
        var rules = new LoyaltyRules { PointsLifetimeDays = days };
        var account = CustomerAccount.Open("c-1", rules);
        account.Purchase("o-1", 10m, "USD", 10m, At.T0);

        Assert.Empty(rules.Validate());
        Assert.Equal(TimeSpan.FromDays(days), rules.PointsLifetime);
        Assert.Equal(days == 0 ? null : At.T0.AddDays(days), account.State.Lots[0].ExpiresAt);
    }

    [Fact]
    public void Another_reporting_currency_is_valid_with_a_table_written_for_it()
    {
        var rules = new LoyaltyRules
        {
            ReportingCurrency = "EUR",
            Rates = new() { ["EUR"] = 1m, ["USD"] = 0.93m },
        };

        Assert.Empty(rules.Validate());
    }
}
