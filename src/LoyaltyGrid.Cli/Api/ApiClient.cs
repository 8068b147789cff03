using System.Net.Http.Headers;
using System.Text.Json;

namespace LoyaltyGrid.Cli.Api;

/// <summary>What one request came back with: the status (0 when no answer came) and the JSON body, if any.</summary>
public sealed record ApiAnswer(int Status, JsonElement? Body, string? TransportError = null)
{
    public bool IsSuccess => Status is >= 200 and < 300;

    public static ApiAnswer Failed(Exception exception) => new(0, null, exception.GetType().Name + ": " + exception.Message);
}

/// <summary>
/// Requests to one or more LoyaltyGrid servers (round robin) with a storefront API key. One pooled
/// connection set is shared by every caller, so thousands of requests in flight do not open
/// thousands of sockets.
/// </summary>
public sealed class ApiClient : IDisposable
{
    private static readonly MediaTypeHeaderValue JsonType = new("application/json");
    private readonly HttpClient _http;
    private readonly IReadOnlyList<Uri> _servers;
    private long _next = -1;

    public ApiClient(IReadOnlyList<Uri> servers, int maxConnectionsPerServer = 256, TimeSpan? timeout = null)
    {
        _servers = servers.Count > 0 ? servers : throw new ArgumentException("At least one server URL is needed.");
        _http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = maxConnectionsPerServer,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        })
        {
            Timeout = timeout ?? TimeSpan.FromSeconds(60),
        };
    }

    public IReadOnlyList<Uri> Servers => _servers;

    public Task<ApiAnswer> PostAsync(string path, byte[] json, string apiKey, CancellationToken cancellationToken = default)
    {
        var content = new ByteArrayContent(json);
        content.Headers.ContentType = JsonType;
        return SendAsync(HttpMethod.Post, path, apiKey, content, cancellationToken);
    }

    public Task<ApiAnswer> PostAsync<T>(string path, T body, string apiKey, CancellationToken cancellationToken = default) =>
        PostAsync(path, JsonSerializer.SerializeToUtf8Bytes(body, JsonSerializerOptions.Web), apiKey, cancellationToken);

    public Task<ApiAnswer> GetAsync(string path, string? apiKey, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, path, apiKey, null, cancellationToken);

    /// <summary>A GET whose body is text (e.g. <c>/metrics</c>), from the first server.</summary>
    public async Task<string> GetTextAsync(string path, CancellationToken cancellationToken = default)
    {
        using var response = await _http.GetAsync(new Uri(_servers[0], path), cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    public async Task<ApiAnswer> SendAsync(HttpMethod method, string path, string? apiKey, HttpContent? content, CancellationToken cancellationToken)
    {
        var server = _servers[(int)((ulong)Interlocked.Increment(ref _next) % (ulong)_servers.Count)];
        using var request = new HttpRequestMessage(method, new Uri(server, path)) { Content = content };
        if (apiKey is not null)
        {
            request.Headers.Add("X-Api-Key", apiKey);
        }

        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            JsonElement? body = null;
            if (bytes.Length > 0 && response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true)
            {
                try
                {
                    body = JsonDocument.Parse(bytes).RootElement.Clone();
                }
                catch (JsonException)
                {
                    // A body that claims JSON but is not: the status alone still says what happened.
                }
            }

            return new ApiAnswer((int)response.StatusCode, body);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return ApiAnswer.Failed(ex);
        }
    }

    public void Dispose() => _http.Dispose();
}
