using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace LoyaltyGrid.Testing;

/// <summary>
/// Customer tokens made by the tests from the documented format (<c>v1.payload.HMAC</c>) and a
/// signing key, for claims the server would never issue (already expired, signed with another
/// key). Written independently of the server's own code, so the two check each other.
/// </summary>
public static class CustomerTokens
{
    public static string Sign(string customerId, DateTimeOffset expiresAt, string signingKey)
    {
        var payload = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["sub"] = customerId,
            ["exp"] = expiresAt.ToUnixTimeSeconds(),
        }));
        var signed = $"v1.{payload}";
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingKey), Encoding.ASCII.GetBytes(signed));
        return $"{signed}.{Base64Url.EncodeToString(signature)}";
    }
}
