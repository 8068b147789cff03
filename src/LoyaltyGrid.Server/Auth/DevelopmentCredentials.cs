using System.Security.Cryptography;
using System.Text.Json;

namespace LoyaltyGrid.Server.Auth;

/// <summary>
/// In development with no keys configured, the server makes a storefront key, an ops key and a
/// token signing key, keeps them in its data folder (so they survive restarts) and prints them.
/// </summary>
public sealed record DevelopmentCredentials(string StorefrontId, string StorefrontKey, string OpsKey, string TokenSigningKey)
{
    public const string DemoStorefront = "demo-store";
    private const string FileName = "dev-credentials.json";

    public static string PathIn(string dataDirectory) => Path.Combine(Path.GetFullPath(dataDirectory), FileName);

    public static DevelopmentCredentials LoadOrCreate(string dataDirectory)
    {
        var path = PathIn(dataDirectory);
        if (File.Exists(path))
        {
            var existing = JsonSerializer.Deserialize<DevelopmentCredentials>(File.ReadAllText(path), JsonSerializerOptions.Web);
            if (existing is not null)
            {
                return existing;
            }
        }

        var created = new DevelopmentCredentials(DemoStorefront, NewSecret("sf_"), NewSecret("ops_"), NewSecret(""));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, JsonSerializer.Serialize(created, JsonSerializerOptions.Web));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return created;
    }

    /// <summary>The same credentials as configuration keys, so the rest of the server reads them like any others.</summary>
    public IEnumerable<KeyValuePair<string, string?>> AsConfiguration() =>
    [
        new("Auth:ApiKeys:0:Key", StorefrontKey),
        new("Auth:ApiKeys:0:Role", Roles.Storefront),
        new("Auth:ApiKeys:0:Storefront", StorefrontId),
        new("Auth:ApiKeys:1:Key", OpsKey),
        new("Auth:ApiKeys:1:Role", Roles.Ops),
        new("Auth:TokenSigningKey", TokenSigningKey),
    ];

    private static string NewSecret(string prefix) => prefix + Convert.ToHexString(RandomNumberGenerator.GetBytes(20)).ToLowerInvariant();
}
