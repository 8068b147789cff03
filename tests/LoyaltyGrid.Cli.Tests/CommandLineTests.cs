using LoyaltyGrid.Cli.Bench;
using LoyaltyGrid.Cli.Replay;

namespace LoyaltyGrid.Cli.Tests;

public sealed class CommandLineTests
{
    [Theory]
    [InlineData("500ms", 0.5)]
    [InlineData("30s", 30)]
    [InlineData("10m", 600)]
    [InlineData("1h", 3600)]
    [InlineData("45", 45)]
    public void Durations_are_written_as_people_write_them(string text, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), CommandLine.ParseDuration(text));

    [Fact]
    public void Repeated_options_keep_every_value()
    {
        var line = CommandLine.Parse(["simulate", "--url", "http://a:1", "--url", "http://b:2,http://c:3", "--rate", "20", "--verbose"]);

        Assert.Equal(["simulate"], line.Command);
        Assert.Equal(["http://a:1/", "http://b:2/", "http://c:3/"], line.Urls().Select(url => url.ToString()));
        Assert.Equal(20, line.Number("rate", 0));
        Assert.True(line.Flag("verbose"));
    }

    [Fact]
    public async Task Bad_options_are_reported_with_usage_and_exit_code_2()
    {
        var (exitCode, _, error) = await Cli.RunAsync("replay", "x.txt", "--url", "http://localhost:1", "--api-key", "k", "--batch-size", "5000");

        Assert.Equal(2, exitCode);
        Assert.Contains("--batch-size must be 1–1000", error, StringComparison.Ordinal);
        Assert.Contains("loyaltygrid replay FILE", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_registered_command_has_a_distinct_name_and_usage()
    {
        var names = Commands.All.Select(command => string.Join(' ', command.Words)).ToList();

        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.Contains("replay", names);
        Assert.Contains("simulate", names);
        Assert.Contains("bench freshness", names);
        Assert.All(Commands.All, command => Assert.Contains("loyaltygrid " + string.Join(' ', command.Words), command.Usage, StringComparison.Ordinal));
    }

    [Fact]
    public void The_same_customer_always_goes_to_the_same_lane() =>
        Assert.Equal(BatchSender.StableHash("customer cdnow-00001"), BatchSender.StableHash("customer cdnow-00001"));

    [Fact]
    public void Prometheus_samples_of_a_metric_are_summed_over_labels_and_other_metrics_ignored()
    {
        const string text = """
            # TYPE dotnet_gc_last_collection_heap_size_bytes gauge
            dotnet_gc_last_collection_heap_size_bytes{gc_heap_generation="gen0"} 100
            dotnet_gc_last_collection_heap_size_bytes{gc_heap_generation="gen2"} 2.5e3
            dotnet_gc_last_collection_heap_size_bytes_other 7
            dotnet_process_memory_working_set_bytes 4096 1700000000000
            """;

        Assert.Equal(2600, PrometheusText.Sum(text, "dotnet_gc_last_collection_heap_size_bytes"));
        Assert.Equal(4096, PrometheusText.Sum(text, "dotnet_process_memory_working_set_bytes"));
        Assert.Null(PrometheusText.Sum(text, "absent_metric"));
    }
}
