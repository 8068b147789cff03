using LoyaltyGrid.Postgres.Embedded;
using LoyaltyGrid.Server.Api;
using LoyaltyGrid.Server.Auth;
using LoyaltyGrid.Server.Board;
using LoyaltyGrid.Server.Health;
using LoyaltyGrid.Server.Home;
using LoyaltyGrid.Server.Insight;
using LoyaltyGrid.Server.Kpis;
using LoyaltyGrid.Server.Observability;
using LoyaltyGrid.Server.Prediction;
using LoyaltyGrid.Silo;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Orleans.Dashboard;

var builder = WebApplication.CreateBuilder(args);
builder.Logging.AddLoyaltyGridConsole(builder.Configuration);
using var startupLoggerFactory = LoggerFactory.Create(logging => logging
    .AddConfiguration(builder.Configuration.GetSection("Logging"))
    .AddLoyaltyGridConsole(builder.Configuration));
var startupLogger = startupLoggerFactory.CreateLogger("LoyaltyGrid.Startup");

var embeddedOptions = builder.Configuration.GetSection(EmbeddedPostgresOptions.SectionName).Get<EmbeddedPostgresOptions>() ?? new EmbeddedPostgresOptions();
// Said first, so whoever wonders where the server keeps things finds out before anything is written.
startupLogger.LogInformation(
    "Starting LoyaltyGrid ({Environment}); data folder {Directory} (set {Key})",
    builder.Environment.EnvironmentName, Path.GetFullPath(embeddedOptions.DataDirectory), $"{EmbeddedPostgresOptions.SectionName}:{nameof(EmbeddedPostgresOptions.DataDirectory)}");
DevelopmentCredentials? developmentCredentials = null;
if (builder.Environment.IsDevelopment() && !builder.Configuration.GetSection("Auth:ApiKeys").GetChildren().Any())
{
    startupLogger.LogInformation("Loading the development keys (no Auth:ApiKeys configured)");
    developmentCredentials = DevelopmentCredentials.LoadOrCreate(embeddedOptions.DataDirectory);
    builder.Configuration.AddInMemoryCollection(developmentCredentials.AsConfiguration());
}

LoyaltyGridDatabase database;
try
{
    database = await LoyaltyGridDatabase.OpenAsync(builder.Configuration, startupLogger, CancellationToken.None);
}
catch (EmbeddedPostgresException ex)
{
    await Console.Error.WriteLineAsync($"LoyaltyGrid cannot start: {ex.Message}");
    return 2;
}

await using (database)
{
    var orleansOptions = builder.Configuration.GetSection(OrleansHostingOptions.SectionName).Get<OrleansHostingOptions>() ?? new OrleansHostingOptions();
    builder.Services.AddSingleton(database.DataSource);
    // The dashboard's log stream would show log lines as Orleans wrote them, grain ids and all,
    // past the console's redaction of customer ids; the console is where logs are read.
    builder.UseOrleans(silo => silo.UseLoyaltyGrid(orleansOptions, builder.Configuration).AddDashboard(dashboard => dashboard.HideTrace = true));
    builder.AddLoyaltyGridObservability();
    builder.Services.AddLoyaltyGridDataProtection(embeddedOptions.DataDirectory);
    builder.Services.AddLoyaltyGridHealth();
    builder.Services.AddLoyaltyGridApi(builder.Configuration);
    builder.Services.AddLoyaltyGridKpis();
    builder.Services.AddLoyaltyGridPrediction();

    startupLogger.LogInformation("Building the HTTP pipeline");
    var app = builder.Build();
    app.UseLoyaltyGridObservability();
    app.MapLoyaltyGridHealth();
    app.MapLoyaltyGridApi();
    app.MapLoyaltyGridKpis();
    app.MapLoyaltyGridInsight();
    app.MapLoyaltyGridBoard();
    app.MapLoyaltyGridObservability();
    app.MapLandingPage();

    app.Lifetime.ApplicationStarted.Register(() =>
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        startupLogger.LogInformation(
            "LoyaltyGrid is up: silo {SiloPort}, gateway {GatewayPort}, cluster {ClusterId}; listening on {Urls}",
            orleansOptions.SiloPort, orleansOptions.GatewayPort, orleansOptions.ClusterId, string.Join(", ", addresses));
        EffectiveConfiguration.Log(startupLogger, app.Services, builder.Configuration, orleansOptions, database, addresses);
        if (developmentCredentials is not null)
        {
            startupLogger.LogInformation("Development credentials, kept in {File}:", DevelopmentCredentials.PathIn(embeddedOptions.DataDirectory));
            startupLogger.LogInformation("  storefront '{Storefront}' key: {StorefrontKey}", developmentCredentials.StorefrontId, developmentCredentials.StorefrontKey);
            startupLogger.LogInformation("  ops key: {OpsKey}", developmentCredentials.OpsKey);
        }
    });

    startupLogger.LogInformation(
        "Starting the Orleans silo (silo port {SiloPort}, gateway {GatewayPort}) and the HTTP server",
        orleansOptions.SiloPort, orleansOptions.GatewayPort);
    await app.RunAsync();
}

return 0;
