namespace LoyaltyGrid.Domain.Prediction;

/// <summary>
/// The BG/NBD population parameters: purchase rates are Gamma(r, α) across customers (α in
/// weeks), the drop-out probability after each purchase is Beta(a, b).
/// </summary>
public sealed record BgNbdParameters(double R, double Alpha, double A, double B)
{
    public static BgNbdParameters Create(double r, double alpha, double a, double b)
    {
        foreach (var (name, value) in new[] { ("r", r), ("alpha", alpha), ("a", a), ("b", b) })
        {
            if (!(value > 0) || double.IsInfinity(value))
            {
                throw new ArgumentOutOfRangeException(name, value, "BG/NBD parameters are positive and finite.");
            }
        }

        return new BgNbdParameters(r, alpha, a, b);
    }
}
