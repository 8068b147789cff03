namespace LoyaltyGrid.Server.Prediction;

/// <summary>
/// The answer of <c>POST /api/v1/model/fit</c>: the BG/NBD parameters (α in weeks), how many
/// customers the fit saw, its log-likelihood, and the end of the observation period.
/// </summary>
public sealed record ModelFitResponse(double R, double Alpha, double A, double B, int Customers, double LogLikelihood, DateTimeOffset AsOf);

/// <summary>The optional body of <c>POST /api/v1/model/fit</c>.</summary>
/// <param name="AsOf">Ends the observation period (ISO-8601 with offset, not in the future); default now.</param>
public sealed record ModelFitRequest(DateTimeOffset? AsOf);
