using System.Text.Json.Nodes;
using LoyaltyGrid.Cli.Replay;
using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Cli.Tests;

public sealed class FormatTests
{
    private static readonly ReplayDefaults Defaults = new("DE", "EUR", "cdnow-", "replay-");

    private static List<ReplayEvent> Read(Func<Func<TextReader>, Func<double>, ReplayDefaults, IEventSource> format, string text) =>
        format(() => new StringReader(text), () => 0, Defaults).Read().ToList();

    private static IEventSource Cdnow(Func<TextReader> open, Func<double> fraction, ReplayDefaults defaults) => new CdnowFormat(open, fraction, defaults);

    private static IEventSource Csv(Func<TextReader> open, Func<double> fraction, ReplayDefaults defaults) => new CsvFormat(open, fraction, defaults);

    private static IEventSource JsonLines(Func<TextReader> open, Func<double> fraction, ReplayDefaults defaults) => new JsonLinesFormat(open, fraction, defaults);

    [Fact]
    public void Cdnow_master_rows_become_purchases_with_ids_from_customer_day_and_place_in_the_day()
    {
        var events = Read(Cdnow, """
             customer_id  date number_of_cds  dollar_value
             00001 19970101  1   11.77
             00002 19970112  1   12.00
             00002 19970112  5   77.00
             00002 19970113  1    0.00
            """);

        Assert.Equal(4, events.Count);
        Assert.Equal(["cdnow-00001-19970101-1", "cdnow-00002-19970112-1", "cdnow-00002-19970112-2", "cdnow-00002-19970113-1"],
            events.Select(e => EventFields.Text(e.Entry, "orderId")));
        var second = events[2].Entry;
        Assert.Equal("purchase", EventFields.Text(second, "type"));
        Assert.Equal("cdnow-00002", EventFields.Text(second, "customerId"));
        Assert.Equal(77.00m, second["amount"]!.GetValue<decimal>());
        Assert.Equal("EUR", EventFields.Text(second, "currency"));
        Assert.Equal("DE", EventFields.Text(second, "market"));
        // Same-day purchases a minute apart from noon, in file order.
        Assert.Equal("1997-01-12T12:02:00Z", EventFields.Text(second, "occurredAt"));
        Assert.Equal("customer cdnow-00002", events[2].OrderingKey);
    }

    [Fact]
    public void Cdnow_sample_rows_keep_the_master_customer_id_so_they_match_the_master_file()
    {
        var sample = Read(Cdnow, " 00004 0001 19970101  2   29.33\n 00004 0001 19970118  2   29.73\n");
        var master = Read(Cdnow, " 00004 19970101  2   29.33\n 00004 19970118  2   29.73\n");

        Assert.Equal(master.Select(e => e.Entry.ToJsonString()), sample.Select(e => e.Entry.ToJsonString()));
        Assert.Equal("cdnow-00004", EventFields.Text(sample[0].Entry, "customerId"));
        Assert.Equal(29.73m, sample[1].Entry["amount"]!.GetValue<decimal>());
    }

    [Fact]
    public void A_malformed_cdnow_row_names_its_line()
    {
        var error = Assert.Throws<FormatException>(() => Read(Cdnow, " 00001 19970101 1 11.77\n 00002 1997-01-12 1 12.00\n"));
        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reading_the_same_file_twice_gives_the_same_ids()
    {
        var path = Repository.Cdnow("CDNOW_sample.txt");
        var (open, fraction) = TextSource.File(path);
        var first = new CdnowFormat(open, fraction, Defaults).Read().Select(e => EventFields.Text(e.Entry, "orderId")).ToList();
        var second = new CdnowFormat(open, fraction, Defaults).Read().Select(e => EventFields.Text(e.Entry, "orderId")).ToList();

        Assert.Equal(6919, first.Count);
        Assert.Equal(first, second);
        Assert.Equal(first.Count, first.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Csv_headers_match_api_fields_in_any_spelling_and_cells_may_be_quoted()
    {
        var events = Read(Csv, """"
            type,customer_id,Order-Id,amount,currency,occurredAt,note,category,complaintId
            purchase,c-1,A-1,59.90,USD,2026-11-22T10:00:00Z,,,
            complaint,c-1,A-1,,,2026-11-22T11:00:00Z,"late, and ""broken""",logistics,K-1
            """");

        Assert.Equal(2, events.Count);
        var purchase = events[0].Entry;
        Assert.Equal("A-1", EventFields.Text(purchase, "orderId"));
        Assert.Equal("c-1", EventFields.Text(purchase, "customerId"));
        Assert.Equal(59.90m, purchase["amount"]!.GetValue<decimal>());
        Assert.Equal("DE", EventFields.Text(purchase, "market"));
        Assert.Equal("USD", EventFields.Text(purchase, "currency"));
        Assert.False(purchase.ContainsKey("note"));
        var complaint = events[1].Entry;
        Assert.Equal("complaint", events[1].Kind);
        Assert.Equal("late, and \"broken\"", EventFields.Text(complaint, "note"));
        Assert.Equal("K-1", EventFields.Text(complaint, "complaintId"));
        Assert.False(complaint.ContainsKey("market"));
    }

    [Fact]
    public void Csv_rows_without_an_id_get_one_from_their_content_and_twins_are_told_apart()
    {
        const string text = """
            customerId,amount,occurredAt
            c-1,10.00,2026-11-22T10:00:00Z
            c-2,10.00,2026-11-22T10:00:00Z
            c-1,10.00,2026-11-22T10:00:00Z
            """;
        var first = Read(Csv, text).Select(e => EventFields.Text(e.Entry, "orderId")).ToList();
        var again = Read(Csv, text).Select(e => EventFields.Text(e.Entry, "orderId")).ToList();

        Assert.Equal(first, again);
        Assert.All(first, id => Assert.StartsWith("replay-", id, StringComparison.Ordinal));
        Assert.NotEqual(first[0], first[1]);
        Assert.Equal(first[0] + "-2", first[2]);
    }

    [Fact]
    public void A_csv_row_with_a_wrong_number_of_cells_or_an_open_quote_names_its_line()
    {
        Assert.Contains("line 2", Assert.Throws<FormatException>(() => Read(Csv, "customerId,amount\nc-1,1,2\n")).Message, StringComparison.Ordinal);
        Assert.Contains("line 3", Assert.Throws<FormatException>(() => Read(Csv, "customerId,amount\nc-1,1\n\"c-2,1\n")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_lines_are_batch_entries_whose_missing_type_and_id_are_filled_in()
    {
        var events = Read(JsonLines, """
            {"customerId":"c-1","amount":5,"occurredAt":"2026-11-22T10:00:00Z"}

            {"type":"referral","referrerId":"c-1","refereeId":"c-9","occurredAt":"2026-11-22T10:00:00Z"}
            {"type":"visit","sessionId":"s-1","occurredAt":"2026-11-22T10:00:00Z"}
            {"type":"refund","refundId":"R-1","orderId":"A-1","customerId":"c-1","amount":5,"occurredAt":"2026-11-22T10:00:00Z"}
            """);

        Assert.Equal(["purchase", "referral", "visit", "refund"], events.Select(e => e.Kind));
        Assert.StartsWith("replay-", EventFields.Text(events[0].Entry, "orderId"), StringComparison.Ordinal);
        Assert.StartsWith("replay-", EventFields.Text(events[1].Entry, "referralId"), StringComparison.Ordinal);
        Assert.Equal("R-1", EventFields.Text(events[3].Entry, "refundId"));
        Assert.Equal("DE", EventFields.Text(events[2].Entry, "market"));
        // Ordered as the server orders a batch: by customer, by referee for referrals, by session for visits.
        Assert.Equal(["customer c-1", "customer c-9", "session s-1", "customer c-1"], events.Select(e => e.OrderingKey));
    }

    [Fact]
    public void A_json_line_that_is_not_an_object_names_its_line()
    {
        Assert.Contains("line 2", Assert.Throws<FormatException>(() => Read(JsonLines, "{\"customerId\":\"c\"}\n[1,2]\n")).Message, StringComparison.Ordinal);
        Assert.Contains("line 1", Assert.Throws<FormatException>(() => Read(JsonLines, "{oops\n")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Content_ids_ignore_field_order_but_not_field_values()
    {
        var ids = new StableIds("x-");
        var a = ids.FromContent(JsonNode.Parse("""{"type":"purchase","customerId":"c","amount":1}""")!.AsObject());
        var b = new StableIds("x-").FromContent(JsonNode.Parse("""{"amount":1,"customerId":"c","type":"purchase"}""")!.AsObject());
        var c = new StableIds("x-").FromContent(JsonNode.Parse("""{"amount":2,"customerId":"c","type":"purchase"}""")!.AsObject());

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Matches("^x-[0-9a-f]{24}$", a);
    }
}
