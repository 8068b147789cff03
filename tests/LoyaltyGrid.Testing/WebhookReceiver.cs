using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace LoyaltyGrid.Testing;

/// <summary>
/// A webhook receiver on loopback, as a shop's system would run one: it checks every request's
/// <c>X-LoyaltyGrid-Signature</c> against its secret on its own (HMAC-SHA256 of "&lt;t&gt;.&lt;body&gt;"),
/// answers the first <c>failFirst</c> requests with 503 and the rest with 200, and keeps every
/// event it accepted by id.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string _secret;
    private readonly int _failFirst;
    private readonly Task _serving;
    private int _requests;
    private int _badSignatures;

    public WebhookReceiver(string secret, int failFirst = 0)
    {
        _secret = secret;
        _failFirst = failFirst;
        Port = TestPostgres.FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/hooks";

    /// <summary>Every request, answered or not.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Requests whose signature did not verify (answered 401, never accepted).</summary>
    public int BadSignatures => Volatile.Read(ref _badSignatures);

    /// <summary>Accepted events by id: every body received under that id (a retry after a lost answer adds one).</summary>
    public ConcurrentDictionary<string, ConcurrentBag<string>> Accepted { get; } = new(StringComparer.Ordinal);

    /// <summary>The accepted events, one per id.</summary>
    public IReadOnlyList<JsonElement> Events => [.. Accepted.Values.Select(bodies => JsonDocument.Parse(bodies.First()).RootElement.Clone())];

    /// <summary>Waits until <paramref name="done"/> holds for the accepted events; false when patience ran out.</summary>
    public async Task<bool> WaitUntilAsync(Func<IReadOnlyList<JsonElement>, bool> done, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (DateTime.UtcNow < deadline)
        {
            if (done(Events))
            {
                return true;
            }

            await Task.Delay(200);
        }

        return done(Events);
    }

    /// <summary>The header's check, as a receiver writes it from api.md alone.</summary>
    public static bool Verifies(string? header, string body, string secret, DateTimeOffset now, TimeSpan tolerance)
    {
        var parts = (header ?? "").Split(',').Select(part => part.Split('=', 2)).Where(pair => pair.Length == 2).ToDictionary(pair => pair[0], pair => pair[1]);
        if (!parts.TryGetValue("t", out var t) || !parts.TryGetValue("v1", out var v1)
            || !long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || (now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > tolerance)
        {
            return false;
        }

        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{body}"));
        return v1.Length == expected.Length * 2 && CryptographicOperations.FixedTimeEquals(Convert.FromHexString(v1), expected);
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => Answer(context));
        }
    }

    private async Task Answer(HttpListenerContext context)
    {
        try
        {
            string body;
            using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
            {
                body = await reader.ReadToEndAsync();
            }

            var number = Interlocked.Increment(ref _requests);
            if (!Verifies(context.Request.Headers["X-LoyaltyGrid-Signature"], body, _secret, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)))
            {
                Interlocked.Increment(ref _badSignatures);
                context.Response.StatusCode = 401;
            }
            else if (number <= _failFirst)
            {
                context.Response.StatusCode = 503;
            }
            else
            {
                var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
                Accepted.GetOrAdd(id, _ => []).Add(body);
                context.Response.StatusCode = 200;
            }

            context.Response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException)
        {
            // The sender gave up on this request; it will try again.
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _serving;
    }
}

/// <summary>A receiver that accepts connections and never answers: a hung system, the worst kind of dead.</summary>
public sealed class SilentReceiver : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<TcpClient> _held = [];
    private readonly CancellationTokenSource _stop = new();

    public SilentReceiver()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    lock (_held)
                    {
                        _held.Add(client);
                    }

                    Interlocked.Increment(ref _connections);
                }
                catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    return;
                }
            }
        });
    }

    private int _connections;

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/hooks";

    public int Connections => Volatile.Read(ref _connections);

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_held)
        {
            _held.ForEach(client => client.Dispose());
        }

        _stop.Dispose();
    }
}
