using System.Net;
using System.Net.Http.Headers;
using System.Text;
using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Observability.Tests;

[Collection(ObservedServerCollection.Name)]
public sealed class DashboardTests(ObservedServer observed) : IDisposable
{
    // Redirects are looked at, not followed: /dashboard answers one.
    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = observed.Process.BaseAddress };

    public static TheoryData<string> Paths => new()
    {
        "/dashboard/",
        "/dashboard/index.min.js",
        "/dashboard/version",
        "/dashboard/ClusterStats",
        "/dashboard/DashboardCounters",
        "/dashboard/Reminders",
        "/dashboard/LifecycleStages",
    };

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Without_a_credential_the_dashboard_asks_for_basic_authentication(string path)
    {
        using var response = await GetAsync(path, request => { });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(response.Headers.WwwAuthenticate, challenge => challenge.Scheme == "Basic");
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task A_storefront_key_is_forbidden_however_it_is_sent(string path)
    {
        using var byHeader = await GetAsync(path, request => request.Headers.Add("X-Api-Key", TestCredentials.StoreAKey));
        using var byBasic = await GetAsync(path, request => request.Headers.Authorization = Basic("shop", TestCredentials.StoreAKey));

        Assert.Equal(HttpStatusCode.Forbidden, byHeader.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byBasic.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task An_unknown_key_is_refused(string path)
    {
        using var response = await GetAsync(path, request => request.Headers.Authorization = Basic("ops", "ops-not-a-key-of-this-grid-0000"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task The_ops_key_opens_it_as_a_basic_password_or_in_x_api_key(string path)
    {
        using var byBasic = await GetAsync(path, request => request.Headers.Authorization = Basic("ops", TestCredentials.OpsKey));
        using var byHeader = await GetAsync(path, request => request.Headers.Add("X-Api-Key", TestCredentials.OpsKey));

        Assert.Equal(HttpStatusCode.OK, byBasic.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byHeader.StatusCode);
    }

    [Fact]
    public async Task The_page_is_html_and_dashboard_without_a_slash_redirects_to_it()
    {
        using var page = await GetAsync("/dashboard/", request => request.Headers.Authorization = Basic("ops", TestCredentials.OpsKey));
        using var bare = await GetAsync("/dashboard", request => request.Headers.Authorization = Basic("ops", TestCredentials.OpsKey));
        using var bareAnonymous = await GetAsync("/dashboard", request => { });

        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.MovedPermanently, bare.StatusCode);
        Assert.Equal("/dashboard/", bare.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, bareAnonymous.StatusCode);
    }

    [Fact]
    public async Task Grain_state_is_not_shown_even_to_ops()
    {
        using var response = await GetAsync(
            $"/dashboard/GrainState?grainId={ObservedServer.Wombat}&grainType=LoyaltyGrid.Grains.Customers.CustomerGrain",
            request => request.Headers.Authorization = Basic("ops", TestCredentials.OpsKey));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain(ObservedServer.Note, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_log_stream_is_closed_even_to_ops()
    {
        // It would show Orleans' lines before the console's redaction of customer ids.
        using var response = await GetAsync("/dashboard/Trace", request => request.Headers.Authorization = Basic("ops", TestCredentials.OpsKey));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Basic_authentication_opens_the_dashboard_only()
    {
        using var response = await GetAsync("/api/v1/kpis", request => request.Headers.Authorization = Basic("ops", TestCredentials.OpsKey));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    public void Dispose() => _http.Dispose();

    private async Task<HttpResponseMessage> GetAsync(string path, Action<HttpRequestMessage> authenticate)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        authenticate(request);
        return await _http.SendAsync(request);
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
}
