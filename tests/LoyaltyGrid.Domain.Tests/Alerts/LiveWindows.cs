using LoyaltyGrid.Domain.Complaints;
using LoyaltyGrid.Domain.Kpis;

namespace LoyaltyGrid.Domain.Tests.Alerts;

/// <summary>Live windows and snapshots written by their counts, the ratios derived as the KPI reading derives them.</summary>
internal static class LiveWindows
{
    public static readonly DateTimeOffset Now = new(2026, 12, 6, 10, 0, 30, TimeSpan.Zero);

    public static KpiLiveWindow Window(
        long orders = 0, long complaints = 0, long visits = 0, long converted = 0, long refunds = 0, decimal revenue = 0,
        long slaBreaches = 0, long positive = 0, long neutral = 0, long negative = 0, long promoters = 0, long passives = 0, long detractors = 0)
    {
        static decimal Ratio(decimal n, decimal d) => d == 0 ? 0 : n / d;
        var labelled = positive + neutral + negative;
        var responses = promoters + passives + detractors;
        var byCategory = Enum.GetValues<ComplaintCategory>().ToDictionary(c => c.ToApiName(), _ => 0L);
        byCategory[ComplaintCategory.Logistics.ToApiName()] = complaints;
        return new KpiLiveWindow(
            Now, Now.AddMinutes(1), visits, orders, revenue, refunds, 0, revenue, Math.Round(Ratio(revenue, orders), 2), converted,
            Ratio(converted, visits), Ratio(refunds, orders), new KpiComplaintCounts(complaints, byCategory), Ratio(complaints, orders),
            slaBreaches, 0, 0, 0, 0, 0, 0, 0,
            Nps: responses == 0 ? 0 : 100m * (promoters - detractors) / responses, NpsResponses: responses, Promoters: promoters, Passives: passives, Detractors: detractors,
            Sentiment: new KpiSentimentCounts(positive, neutral, negative, Ratio(negative, labelled)));
    }

    /// <summary>60 minutes, oldest first: <paramref name="before"/> for the minutes before the last five, <paramref name="recent"/> for those five.</summary>
    public static KpiLiveSnapshot Series(Func<int, KpiLiveWindow> before, KpiLiveWindow recent, KpiLiveWindow? last5m = null, KpiLiveWindow? last60m = null)
    {
        var minutes = Enumerable.Range(0, 55).Select(before).Concat(Enumerable.Repeat(recent, 5)).ToList();
        return new KpiLiveSnapshot(last5m ?? recent, last60m ?? recent, minutes);
    }

    public static KpiLiveSnapshot Flat(KpiLiveWindow window) => new(window, window, Enumerable.Repeat(Window(), 60).ToList());
}
