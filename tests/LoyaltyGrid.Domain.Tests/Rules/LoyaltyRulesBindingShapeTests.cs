using System.Collections;
using System.Reflection;
using LoyaltyGrid.Domain.Complaints;
using LoyaltyGrid.Domain.Lifecycle;
using LoyaltyGrid.Domain.Tiers;

namespace LoyaltyGrid.Domain.Tests.Rules;

/// <summary>
/// The server binds <see cref="LoyaltyRules"/> from configuration, and validation messages name
/// keys; each key a message can name has to be one the binder can actually set.
/// </summary>
public class LoyaltyRulesBindingShapeTests
{
    [Theory]
    [InlineData("Loyalty:ReportingCurrency")]
    [InlineData("Loyalty:Rates:EUR")]
    [InlineData("Loyalty:Rates:SEK")]
    [InlineData("Loyalty:MinorDigits:JPY")]
    [InlineData("Loyalty:MinorDigits:KRW")]
    [InlineData("Loyalty:Tiers:Member:Threshold")]
    [InlineData("Loyalty:Tiers:Gold:Threshold")]
    [InlineData("Loyalty:Tiers:Gold:Multiplier")]
    [InlineData("Loyalty:Tiers:Platinum:Multiplier")]
    [InlineData("Loyalty:TierWindowDays")]
    [InlineData("Loyalty:LateEventDays")]
    [InlineData("Loyalty:ReviewPoints")]
    [InlineData("Loyalty:ReferralPoints")]
    [InlineData("Loyalty:PointsLifetimeDays")]
    [InlineData("Loyalty:Lifecycle:RepeatWithinDays")]
    [InlineData("Loyalty:Lifecycle:LapsedAfterDays")]
    [InlineData("Loyalty:Complaints:FirstResponseHours")]
    [InlineData("Loyalty:Complaints:ResolutionHours")]
    public void A_configuration_key_reaches_a_settable_value(string key)
    {
        var segments = key.Split(':');
        Assert.Equal(LoyaltyRules.SectionName, segments[0]);

        object target = new LoyaltyRules();
        foreach (var (segment, index) in segments.Skip(1).Select((s, i) => (s, i)))
        {
            var isLast = index == segments.Length - 2;
            if (target is IDictionary)
            {
                Assert.True(isLast, $"{key}: a dictionary entry must be the last segment.");
                return;
            }

            var property = target.GetType().GetProperty(segment, BindingFlags.Public | BindingFlags.Instance);
            Assert.NotNull(property);
            if (isLast)
            {
                Assert.NotNull(property.SetMethod);
                Assert.True(property.SetMethod.IsPublic, $"{key} must have a public setter.");
                return;
            }

            target = property.GetValue(target)!;
            Assert.NotNull(target);
        }
    }

    [Fact]
    public void Every_section_has_a_public_parameterless_constructor()
    {
        var sections = new[]
        {
            typeof(LoyaltyRules), typeof(TierTable), typeof(TierRule),
            typeof(LifecycleRules), typeof(ComplaintRules),
        };

        Assert.All(sections, type => Assert.NotNull(type.GetConstructor(Type.EmptyTypes)));
    }
}
