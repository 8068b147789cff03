namespace LoyaltyGrid.Postgres.Embedded;

/// <summary>The private PostgreSQL could not be started; the message says what to do.</summary>
public sealed class EmbeddedPostgresException(string message, Exception? inner = null)
    : Exception(message, inner);
