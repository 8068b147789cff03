using LoyaltyGrid.Cli;
using LoyaltyGrid.Cli.Bench;

var arguments = CommandLine.Parse(args);
return arguments.Command switch
{
    ["bench", "freshness"] => await FreshnessBenchmark.RunAsync(FreshnessOptions.From(arguments), Console.Out),
    _ => CommandLine.Usage(Console.Error),
};
