namespace LoyaltyGrid.Server.Auth;

/// <summary>The <c>Auth</c> configuration section.</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    public List<ApiKeyOptions> ApiKeys { get; set; } = [];

    /// <summary>Secret that signs customer tokens.</summary>
    public string? TokenSigningKey { get; set; }

    /// <summary>How long a customer token is accepted after it was issued.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);
}

public sealed class ApiKeyOptions
{
    public string Key { get; set; } = "";

    /// <summary><c>storefront</c> or <c>ops</c>.</summary>
    public string Role { get; set; } = "";

    /// <summary>The storefront a storefront key writes for.</summary>
    public string? Storefront { get; set; }

    /// <summary>
    /// A revoked key stays in the list so that it is refused by name (401 "revoked") rather than
    /// as unknown, and so that it can never be configured again by mistake as a new key.
    /// </summary>
    public bool Revoked { get; set; }
}

public static class Roles
{
    public const string Storefront = "storefront";
    public const string Ops = "ops";

    /// <summary>Held by a customer token; never configured for a key.</summary>
    public const string Customer = "customer";
}
