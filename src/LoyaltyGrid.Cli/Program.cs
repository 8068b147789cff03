using LoyaltyGrid.Cli;
using LoyaltyGrid.Cli.Bench;
using LoyaltyGrid.Cli.Model;

var arguments = CommandLine.Parse(args);
return arguments.Command switch
{
    ["bench", "freshness"] => await FreshnessBenchmark.RunAsync(FreshnessOptions.From(arguments), Console.Out),
    ["model", ..] => await ModelCommand.RunAsync(args),
    _ => CommandLine.Usage(Console.Error),
};
