using System.Net;
using System.Text;
using System.Text.Json;
using Xunit;

namespace LoyaltyGrid.Testing;

/// <summary>Requests to the API with a chosen credential, and the JSON that comes back.</summary>
public sealed class ApiClient(HttpClient http)
{
    public static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    /// <summary>The server's default <c>Api:MaxBodyBytes</c>.</summary>
    public const int DefaultMaxBodyBytes = 1024 * 1024;

    public Task<HttpResponseMessage> PostAsync(string path, object body, Credential credential) =>
        PostRawAsync(path, JsonSerializer.Serialize(body, Json), credential);

    public Task<HttpResponseMessage> PostRawAsync(string path, string body, Credential credential, string contentType = "application/json") =>
        SendAsync(HttpMethod.Post, path, credential, new StringContent(body, Encoding.UTF8, contentType));

    public Task<HttpResponseMessage> PutAsync(string path, object body, Credential credential) =>
        SendAsync(HttpMethod.Put, path, credential, new StringContent(JsonSerializer.Serialize(body, Json), Encoding.UTF8, "application/json"));

    public Task<HttpResponseMessage> PostEmptyAsync(string path, Credential credential) =>
        SendAsync(HttpMethod.Post, path, credential, null);

    public Task<HttpResponseMessage> GetAsync(string path, Credential credential) =>
        SendAsync(HttpMethod.Get, path, credential, null);

    public Task<HttpResponseMessage> DeleteAsync(string path, Credential credential) =>
        SendAsync(HttpMethod.Delete, path, credential, null);

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, Credential credential, HttpContent? content)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = content };
        // As in ReplyAsync: a body over the limit is answered 413 from its length, and without
        // asking first the client may still be writing when the server closes the connection.
        request.Headers.ExpectContinue = content?.Headers.ContentLength > DefaultMaxBodyBytes;
        credential.ApplyTo(request);
        return await http.SendAsync(request);
    }

    /// <summary>
    /// Sends any body with any content type (or none) and reads the whole answer, so that it can
    /// be judged after its connection went back to the pool; the path is sent as it is written,
    /// escapes and all.
    /// </summary>
    public async Task<Reply> ReplyAsync(HttpMethod method, string path, Credential credential, string? body = null, string? contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            request.Content = new ByteArrayContent(bytes);
            // Over the limit, the server answers 413 from the length alone and closes the
            // connection; asking first keeps the client from writing into a closed socket.
            request.Headers.ExpectContinue = bytes.Length > DefaultMaxBodyBytes;
            if (contentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }

        credential.ApplyTo(request);
        using var response = await http.SendAsync(request);
        return new Reply(
            response.StatusCode,
            response.Content.Headers.ContentType?.MediaType,
            await response.Content.ReadAsStringAsync(),
            response.Headers.RetryAfter?.Delta,
            response.Headers.WwwAuthenticate.Count > 0);
    }

    public Task<Reply> PostReplyAsync(string path, object body, Credential credential) =>
        ReplyAsync(HttpMethod.Post, path, credential, JsonSerializer.Serialize(body, Json));

    /// <summary>Posts and expects 200, returning the body.</summary>
    public async Task<JsonElement> PostOkAsync(string path, object body, Credential credential)
    {
        using var response = await PostAsync(path, body, credential);
        return await Responses.ExpectJsonAsync(response, HttpStatusCode.OK);
    }

    public async Task<JsonElement> GetOkAsync(string path, Credential credential)
    {
        using var response = await GetAsync(path, credential);
        return await Responses.ExpectJsonAsync(response, HttpStatusCode.OK);
    }

    public async Task<string> IssueTokenAsync(string customerId, Credential? storefront = null)
    {
        using var response = await PostEmptyAsync($"/api/v1/customers/{customerId}/tokens", storefront ?? TestCredentials.StoreACredential);
        return (await Responses.ExpectJsonAsync(response, HttpStatusCode.OK)).GetProperty("token").GetString()!;
    }
}

public static class Responses
{
    public static async Task<JsonElement> ExpectJsonAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>
    /// Checks an RFC 9457 answer: the status, <c>application/problem+json</c>, and a body with
    /// type, title and the same status; with <paramref name="errorField"/>, that <c>errors</c> names it.
    /// </summary>
    public static async Task<JsonElement> ExpectProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? errorField = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.StartsWith("urn:loyaltygrid:problem:", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        if (errorField is not null)
        {
            var errors = problem.GetProperty("errors");
            Assert.True(errors.TryGetProperty(errorField, out var messages), $"errors should name '{errorField}': {text}");
            Assert.True(messages.GetArrayLength() > 0);
        }

        return problem;
    }

    public static IReadOnlyList<string> PropertyNames(JsonElement element) =>
        element.EnumerateObject().Select(property => property.Name).Order(StringComparer.Ordinal).ToList();
}

/// <summary>A response read whole, so it can be checked after its connection went back to the pool.</summary>
public sealed record Reply(HttpStatusCode Status, string? MediaType, string Body, TimeSpan? RetryAfter, bool HasChallenge)
{
    public int Code => (int)Status;

    /// <summary>The body as JSON; <c>default</c> when there is none.</summary>
    public JsonElement Json => Body.Length == 0 ? default : JsonDocument.Parse(Body).RootElement.Clone();

    public override string ToString() => $"{Code} {MediaType}: {(Body.Length > 300 ? Body[..300] + "…" : Body)}";
}
