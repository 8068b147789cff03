using System.Net;
using System.Text;
using System.Text.Json;
using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Security.Tests.Support;

/// <summary>
/// One real server process on a database of its own, shared by the classes of
/// <see cref="SecurityServerCollection"/> one after the other: the state checks compare the
/// whole database before and after, so nothing else may write to it meanwhile.
/// </summary>
public class SecurityServer : ServerFixture
{
    /// <summary>The server's default <c>Api:MaxBodyBytes</c>, which these servers keep.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    protected override string Purpose => "security";

    protected override TimeSpan StartPatience => TimeSpan.FromSeconds(120);

    protected override int MaxConnections => 16;

    // Every security server knows the fuzzer's and the revoked key, whatever else it sets.
    protected sealed override void Configure(ServerProcessBuilder server) => ConfigureLimits(server.WithCredentials(SecurityKeys.Extra));

    protected virtual void ConfigureLimits(ServerProcessBuilder server) => server
        // The fuzzer sends thousands of requests a second through one key; the rate limit has
        // tests of its own on a server of its own.
        .With("Api__RateLimit__PermitsPerSecond", "1000000")
        // Logs as talkative as operators may make them, so the personal-data scan has the most to find.
        .With("Logging__LogLevel__LoyaltyGrid", "Debug")
        .With("Logging__LogLevel__Microsoft.AspNetCore", "Information")
        .With("Logging__LogLevel__Orleans", "Information");

    public async Task<Reply> SendAsync(HttpMethod method, string path, Credential credential, string? body = null, string? contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            request.Content = new ByteArrayContent(bytes);
            // Over the limit, the server answers 413 from the length alone and closes the
            // connection; asking first keeps the client from writing into a closed socket.
            request.Headers.ExpectContinue = bytes.Length > MaxBodyBytes;
            if (contentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }

        credential.ApplyTo(request);
        using var response = await Http.SendAsync(request);
        return new Reply(
            response.StatusCode,
            response.Content.Headers.ContentType?.MediaType,
            await response.Content.ReadAsStringAsync(),
            response.Headers.RetryAfter?.Delta,
            response.Headers.WwwAuthenticate.Count > 0);
    }

    public Task<Reply> PostAsync(string path, object body, Credential credential) =>
        SendAsync(HttpMethod.Post, path, credential, JsonSerializer.Serialize(body, JsonSerializerOptions.Web));

    public async Task<JsonElement> PostOkAsync(string path, object body, Credential credential)
    {
        var reply = await PostAsync(path, body, credential);
        Assert.True(reply.Status is HttpStatusCode.OK or HttpStatusCode.Accepted, $"POST {path}: {reply}");
        return reply.Json;
    }

    public async Task<JsonElement> GetOkAsync(string path, Credential credential)
    {
        var reply = await SendAsync(HttpMethod.Get, path, credential);
        Assert.True(reply.Status == HttpStatusCode.OK, $"GET {path}: {reply}");
        return reply.Json;
    }

    public async Task<string> IssueTokenAsync(string customerId)
    {
        var reply = await SendAsync(HttpMethod.Post, $"/api/v1/customers/{customerId}/tokens", SecurityKeys.StoreACredential);
        Assert.True(reply.Status == HttpStatusCode.OK, reply.ToString());
        return reply.Json.GetProperty("token").GetString()!;
    }

}

[CollectionDefinition(Name)]
public sealed class SecurityServerCollection : ICollectionFixture<SecurityServer>
{
    public const string Name = "security server";
}

/// <summary>A response read whole, so it can be checked after its connection went back to the pool.</summary>
public sealed record Reply(HttpStatusCode Status, string? MediaType, string Body, TimeSpan? RetryAfter, bool HasChallenge)
{
    public int Code => (int)Status;

    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();

    public override string ToString() => $"{Code} {MediaType}: {(Body.Length > 300 ? Body[..300] + "…" : Body)}";
}
