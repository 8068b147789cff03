using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Orleans.Runtime;

namespace LoyaltyGrid.Server.Health;

/// <summary>Ready means: this silo is an active member of the cluster and the database answers.</summary>
public sealed class ReadinessCheck(
    ILocalSiloDetails localSilo,
    IClusterMembershipService membership,
    NpgsqlDataSource dataSource) : IHealthCheck
{
    private static readonly TimeSpan StorageTimeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var siloStatus = membership.CurrentSnapshot.GetSiloStatus(localSilo.SiloAddress);
        var data = new Dictionary<string, object> { ["silo"] = siloStatus.ToString() };
        if (siloStatus != SiloStatus.Active)
        {
            data["storage"] = "not checked";
            return HealthCheckResult.Unhealthy($"silo is {siloStatus}", data: data);
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(StorageTimeout);
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(timeout.Token);
            data["storage"] = "ok";
            return HealthCheckResult.Healthy("silo active, storage reachable", data);
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            data["storage"] = "unreachable";
            return HealthCheckResult.Unhealthy("storage unreachable", ex, data);
        }
    }
}
