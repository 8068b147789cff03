using System.Net;
using System.Text.RegularExpressions;
using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Server.Tests;

/// <summary>The address printed at start-up leads to a page that links everything a server offers.</summary>
public sealed partial class LandingPageTests : IAsyncLifetime
{
    private ServerProcess _server = null!;

    public async Task InitializeAsync()
    {
        var connectionString = await TestPostgres.CreateMigratedDatabaseAsync("landing");
        _server = ServerProcess.Configure().WithDatabase(connectionString).Start();
        await _server.WaitUntilReadyAsync();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_root_is_an_html_page_linking_the_wall_the_reference_the_dashboard_and_the_probes()
    {
        using var response = await _server.Http.GetAsync(new Uri("/", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var links = Href().Matches(html).Select(match => match.Groups[1].Value).ToList();
        Assert.Equal(["/board", "/api", "/dashboard", "/healthz", "/readyz", "/metrics"], links);
    }

    [Fact]
    public async Task Every_link_leads_to_a_page_of_the_server_itself()
    {
        using var page = await _server.Http.GetAsync(new Uri("/", UriKind.Relative));
        var links = Href().Matches(await page.Content.ReadAsStringAsync()).Select(match => match.Groups[1].Value).ToList();

        foreach (var link in links)
        {
            using var response = await _server.Http.GetAsync(new Uri(link, UriKind.Relative));
            // The wall and the dashboard ask for the ops key; anything else must answer.
            Assert.True(
                response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized,
                $"{link} answered {(int)response.StatusCode}");
        }
    }

    [GeneratedRegex("href=\"([^\"]+)\"")]
    private static partial Regex Href();
}
