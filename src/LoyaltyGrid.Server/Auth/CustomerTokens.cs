using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LoyaltyGrid.Server.Api.Validation;
using Microsoft.Extensions.Options;

namespace LoyaltyGrid.Server.Auth;

public sealed record IssuedToken(string Token, DateTimeOffset ExpiresAt);

/// <summary>What checking a presented token found: the customer it names, or why it is refused.</summary>
public sealed record TokenCheck(string? CustomerId, string? Failure)
{
    public static TokenCheck Valid(string customerId) => new(customerId, null);

    public static TokenCheck Refused(string failure) => new(null, failure);
}

/// <summary>
/// Customer tokens: <c>v1.{payload}.{signature}</c>, where payload is base64url JSON
/// <c>{"sub": customerId, "exp": unix seconds}</c> and signature is base64url
/// HMAC-SHA256(signing key, <c>v1.{payload}</c>). A token names exactly one customer and is
/// refused from its expiry on. There is no revocation list: lifetimes are kept short instead.
/// </summary>
public sealed class CustomerTokens(IOptions<AuthOptions> options, TimeProvider clock)
{
    private const string Version = "v1";

    private readonly byte[] _signingKey = Encoding.UTF8.GetBytes(
        options.Value.TokenSigningKey ?? throw new InvalidOperationException("Auth:TokenSigningKey is not set."));

    private readonly TimeSpan _lifetime = options.Value.TokenLifetime;

    public IssuedToken Issue(string customerId)
    {
        // Whole seconds, so the expiry the caller is told is exactly the one the token carries.
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds((clock.GetUtcNow() + _lifetime).ToUnixTimeSeconds());
        var payload = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new Payload(customerId, expiresAt.ToUnixTimeSeconds())));
        var signed = $"{Version}.{payload}";
        return new IssuedToken($"{signed}.{Base64Url.EncodeToString(Sign(signed))}", expiresAt);
    }

    public TokenCheck Check(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3 || parts[0] != Version)
        {
            return TokenCheck.Refused("The bearer token is not a LoyaltyGrid customer token.");
        }

        var expected = Sign($"{parts[0]}.{parts[1]}");
        if (!TryDecode(parts[2], out var signature) || !CryptographicOperations.FixedTimeEquals(expected, signature))
        {
            return TokenCheck.Refused("The bearer token's signature is not valid.");
        }

        Payload? payload;
        try
        {
            payload = TryDecode(parts[1], out var json) ? JsonSerializer.Deserialize<Payload>(json) : null;
        }
        catch (JsonException)
        {
            payload = null;
        }

        if (payload is null || !Ids.IsValid(payload.Sub))
        {
            return TokenCheck.Refused("The bearer token's content is not valid.");
        }

        return clock.GetUtcNow().ToUnixTimeSeconds() >= payload.Exp
            ? TokenCheck.Refused("The bearer token has expired.")
            : TokenCheck.Valid(payload.Sub);
    }

    private byte[] Sign(string text) => HMACSHA256.HashData(_signingKey, Encoding.ASCII.GetBytes(text));

    private static bool TryDecode(string text, out byte[] bytes)
    {
        try
        {
            bytes = Base64Url.DecodeFromChars(text);
            return true;
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }

    private sealed record Payload(
        [property: System.Text.Json.Serialization.JsonPropertyName("sub")] string Sub,
        [property: System.Text.Json.Serialization.JsonPropertyName("exp")] long Exp);
}
