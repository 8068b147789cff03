namespace LoyaltyGrid.Testing;

/// <summary>
/// How a test configures a server process, as an operator would with environment variables:
/// its database, its credentials, and whatever else the test needs; ports are always its own.
/// </summary>
public sealed class ServerProcessBuilder
{
    private readonly Dictionary<string, string> _settings = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Settings => _settings;

    public ServerProcessBuilder WithDatabase(string connectionString) => With("ConnectionStrings__LoyaltyGrid", connectionString);

    /// <summary>The standard <see cref="TestCredentials"/>, and <paramref name="more"/> keys after them.</summary>
    public ServerProcessBuilder WithCredentials(params IEnumerable<ApiKeyGrant> more) => With(TestCredentials.Environment(more));

    public ServerProcessBuilder With(string key, string value)
    {
        _settings[key] = value;
        return this;
    }

    public ServerProcessBuilder With(IEnumerable<KeyValuePair<string, string>> settings)
    {
        foreach (var (key, value) in settings)
        {
            _settings[key] = value;
        }

        return this;
    }

    /// <summary>Starts one process on free ports; several starts make several servers of one cluster.</summary>
    public ServerProcess Start() => ServerProcess.Start(new Dictionary<string, string>(_settings));
}
