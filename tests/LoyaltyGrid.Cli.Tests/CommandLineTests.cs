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
        Assert.Equal(TimeSpan.FromSeconds(seconds), Arguments.ParseDuration(text));

    [Fact]
    public void Repeated_options_keep_every_value_and_a_value_may_list_several()
    {
        var settings = new ServerSettings { Url = ["http://a:1", "http://b:2,http://c:3"], ApiKey = ["k1", "k2"] };

        Assert.Equal(["http://a:1/", "http://b:2/", "http://c:3/"], settings.Urls().Select(url => url.ToString()));
        Assert.Equal(["k1", "k2"], settings.ApiKeys());
    }

    [Fact]
    public async Task Help_exits_0_and_prints_the_commands_on_standard_output()
    {
        foreach (var args in new[] { new[] { "--help" }, ["-h"], ["bench", "--help"] })
        {
            var (exitCode, output, error) = await Cli.RunAsync(args);

            Assert.True(exitCode == 0, $"{string.Join(' ', args)}: exit {exitCode}, {error}");
            Assert.Contains("USAGE:", output, StringComparison.Ordinal);
            Assert.Equal("", error);
        }
    }

    [Fact]
    public async Task Every_command_has_its_own_help_that_exits_0()
    {
        foreach (var name in Commands.Names)
        {
            var (exitCode, output, _) = await Cli.RunAsync([.. name.Split(' '), "--help"]);

            Assert.True(exitCode == 0, $"{name} --help: exit {exitCode}");
            Assert.Contains($"loyaltygrid {name}", output, StringComparison.Ordinal);
            Assert.Contains("--", output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("Unknown option 'batchsize'", "replay", "x.txt", "--url", "http://localhost:1", "--batchsize", "5")]
    [InlineData("'many'", "bench", "purchases", "--url", "http://localhost:1", "--concurrency", "many")]
    [InlineData("Unknown command 'benchmark'", "benchmark", "purchases")]
    [InlineData("Unknown command 'cpu'", "bench", "cpu")]
    [InlineData("json", "bench", "memory", "--url", "http://localhost:1", "--json")]
    public async Task A_command_line_the_parser_refuses_exits_2_naming_what_is_wrong(string complaint, params string[] args)
    {
        var (exitCode, output, error) = await Cli.RunAsync(args);

        Assert.True(exitCode == 2, $"exit {exitCode}: {output}{error}");
        Assert.Contains(complaint, error, StringComparison.Ordinal);
        Assert.Contains("--help", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_option_values_are_reported_with_the_commands_help_and_exit_code_2()
    {
        var (exitCode, _, error) = await Cli.RunAsync("replay", "x.txt", "--url", "http://localhost:1", "--api-key", "k", "--batch-size", "5000");

        Assert.Equal(2, exitCode);
        Assert.Contains("--batch-size must be 1–1000", error, StringComparison.Ordinal);
        Assert.Contains("loyaltygrid replay [FILE]", error, StringComparison.Ordinal);
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
