using System.Buffers;

namespace LoyaltyGrid.Server.Api.Validation;

/// <summary>Ids of api.md: 1–128 characters of <c>[A-Za-z0-9._:-]</c>.</summary>
public static class Ids
{
    public const int MaxLength = 128;
    public const string Pattern = "^[A-Za-z0-9._:-]{1,128}$";
    public const string Rule = "must be 1–128 characters of A–Z, a–z, 0–9, '.', '_', ':' or '-'";

    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:-");

    public static bool IsValid(string? id) =>
        id is { Length: > 0 and <= MaxLength } && !id.AsSpan().ContainsAnyExcept(Allowed);
}
