using System.Security.Cryptography;
using System.Text;

namespace LoyaltyGrid.Projections.Webhooks;

/// <summary>The <c>X-LoyaltyGrid-Signature</c> header of api.md: <c>t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of "&lt;t&gt;.&lt;body&gt;"&gt;</c>.</summary>
public static class WebhookSignature
{
    public const string Header = "X-LoyaltyGrid-Signature";

    public static string Of(string secret, long unixSeconds, string body)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{unixSeconds}.{body}"));
        return $"t={unixSeconds},v1={Convert.ToHexStringLower(mac)}";
    }
}
