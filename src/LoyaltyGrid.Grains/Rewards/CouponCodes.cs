using System.Security.Cryptography;

namespace LoyaltyGrid.Grains.Rewards;

/// <summary>Coupon codes: drawn from the operating system's cryptographic random source.</summary>
public static class CouponCodes
{
    /// <summary>
    /// Digits and upper-case letters without the ones read or typed as one another (0/O, 1/I/L):
    /// 31 symbols, so a code's 16 characters carry about 79 bits and cannot be guessed.
    /// </summary>
    public const string Alphabet = Digits + Letters;

    private const string Digits = "23456789";

    private const string Letters = "ABCDEFGHJKMNPQRSTUVWXYZ";

    public const int Length = 16;

    public static string Draw() => RandomNumberGenerator.GetString(Alphabet, Length);

    /// <summary>Whether <paramref name="code"/> could have been drawn here (the redemption route checks this before asking storage).</summary>
    public static bool IsWellFormed(string code) => code.Length == Length && code.All(symbol => Alphabet.Contains(symbol, StringComparison.Ordinal));
}
