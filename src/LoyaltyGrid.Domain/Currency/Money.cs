namespace LoyaltyGrid.Domain.Currency;

public readonly record struct Money(decimal Amount, string Currency)
{
    public override string ToString() => FormattableString.Invariant($"{Amount} {Currency}");
}
