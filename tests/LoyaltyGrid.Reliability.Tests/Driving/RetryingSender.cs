using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using LoyaltyGrid.Reliability.Tests.Grid;
using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Reliability.Tests.Driving;

/// <summary>
/// Sends an event the way a careful storefront would: until it gets a definite answer, retrying
/// the same id with the same content on failures and timeouts, each time on the next server.
/// One connection pool per server, so the copies of a request travel on different connections.
/// </summary>
public sealed class RetryingSender : IDisposable
{
    private static readonly JsonElement NoBody = JsonDocument.Parse("null").RootElement.Clone();
    private readonly HttpClient[] _servers;

    public RetryingSender(IReadOnlyList<Uri> servers, TimeSpan requestTimeout)
    {
        RequestTimeout = requestTimeout;
        _servers = servers.Select(address => new HttpClient(new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(3),
            PooledConnectionLifetime = TimeSpan.FromSeconds(30),
        })
        {
            BaseAddress = address,
            Timeout = requestTimeout,
        }).ToArray();
    }

    public TimeSpan RequestTimeout { get; }

    public DriverCounters Counters { get; } = new();

    public int ServerCount => _servers.Length;

    /// <summary>Sends until a definite answer or <paramref name="giveUpAt"/>, starting on server <paramref name="firstServer"/>.</summary>
    public async Task<OperationOutcome> SendAsync(LoyaltyOperation operation, int firstServer, DateTimeOffset giveUpAt)
    {
        Counters.CountSent();
        var attempt = 0;
        var backoff = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            var server = _servers[(firstServer + attempt) % _servers.Length];
            attempt++;
            var (status, body, _) = await AttemptAsync(server, operation);
            var verdict = status switch
            {
                200 => Verdict.Acknowledged,
                404 or 409 => Verdict.Refused,
                // 400 and 422 would be the driver's own bug: a definite answer all the same, which the oracle then flags.
                >= 400 and < 500 and not 429 => Verdict.Refused,
                _ => (Verdict?)null,
            };
            if (verdict is null && TimeProvider.System.GetUtcNow() >= giveUpAt)
            {
                verdict = Verdict.Unresolved;
            }

            if (verdict is { } definite)
            {
                Counters.CountVerdict(definite);
                return new OperationOutcome(operation, definite, status, body, attempt);
            }

            await Task.Delay(backoff);
            backoff = TimeSpan.FromMilliseconds(Math.Min(backoff.TotalMilliseconds * 2, 1000));
        }
    }

    /// <summary>One request to one server; the status (0 when nothing came back), the body, and whether it said Retry-After.</summary>
    public async Task<(int Status, JsonElement Body, bool RetryAfter)> AttemptAsync(HttpClient server, LoyaltyOperation operation)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(operation.Path, UriKind.Relative))
            {
                Content = JsonContent.Create(operation.Body),
            };
            request.Headers.Add("X-Api-Key", TestCredentials.StoreAKey);
            using var response = await server.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            Counters.CountAttempt(status.ToString(CultureInfo.InvariantCulture), clock.Elapsed);
            var body = text.Length == 0 ? NoBody : JsonDocument.Parse(text).RootElement.Clone();
            if (status == 503 && response.Headers.RetryAfter is null)
            {
                Counters.CountNote("503 without Retry-After");
            }

            return (status, body, response.Headers.RetryAfter is not null);
        }
        catch (TaskCanceledException)
        {
            // HttpClient.Timeout: the request hung for the whole timeout.
            Counters.CountTimeout();
            Counters.CountAttempt("timeout", clock.Elapsed);
            return (0, NoBody, false);
        }
        catch (HttpRequestException exception)
        {
            Counters.CountAttempt(exception.InnerException is SocketException socket ? $"socket {socket.SocketErrorCode}" : "connection lost", clock.Elapsed);
            return (0, NoBody, false);
        }
    }

    /// <summary>The client for server <paramref name="index"/>, for requests that must go to one place.</summary>
    public HttpClient Server(int index) => _servers[index];

    public void Dispose()
    {
        foreach (var server in _servers)
        {
            server.Dispose();
        }
    }
}
