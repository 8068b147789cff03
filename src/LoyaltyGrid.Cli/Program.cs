using LoyaltyGrid.Cli;

return await Commands.RunAsync(args, Console.Out, Console.Error);
