using System.Globalization;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Orleans;
using Orleans.Runtime;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace LoyaltyGrid.Storage.GroupCommit;

/// <summary>
/// Orleans grain storage on <c>grain_state</c> that commits many grains' writes in one PostgreSQL
/// transaction (see <see cref="GroupCommitWriter"/>). Rows, payloads and versions are those of the
/// ADO.NET provider configured in <c>SiloConfiguration</c>, so a state can move between the two
/// providers without touching data. Reads go straight to the database.
/// </summary>
public sealed class GroupCommitGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>, IAsyncDisposable
{
    private readonly string _name;
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _serviceId;
    private readonly IGrainStorageSerializer _serializer;
    private readonly IActivatorProvider _activators;
    private readonly GroupCommitWriter _writer;

    public GroupCommitGrainStorage(
        string name,
        NpgsqlDataSource dataSource,
        string serviceId,
        GroupCommitOptions options,
        IGrainStorageSerializer serializer,
        IActivatorProvider activators,
        TimeProvider time,
        GroupCommitMetrics metrics,
        ILogger<GroupCommitGrainStorage> logger)
    {
        _name = name;
        _dataSource = dataSource;
        _serviceId = serviceId;
        _serializer = serializer;
        _activators = activators;
        _writer = new GroupCommitWriter(dataSource, serviceId, options, time, metrics, logger);
    }

    public GroupCommitStatistics Statistics => _writer.Statistics;

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var row = GrainStateRow.Of(stateName, grainId);
        await using var command = _dataSource.CreateCommand(GroupCommitSql.Read);
        command.Parameters.Add(new NpgsqlParameter<string>("service_id", NpgsqlDbType.Text) { TypedValue = _serviceId });
        command.Parameters.Add(new NpgsqlParameter<string>("state_name", NpgsqlDbType.Text) { TypedValue = row.StateName });
        command.Parameters.Add(new NpgsqlParameter<string>("grain_key", NpgsqlDbType.Text) { TypedValue = row.GrainKey });
        command.Parameters.Add(new NpgsqlParameter<long>("key_n0", NpgsqlDbType.Bigint) { TypedValue = row.KeyN0 });
        command.Parameters.Add(new NpgsqlParameter<long>("key_n1", NpgsqlDbType.Bigint) { TypedValue = row.KeyN1 });
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        if (!await reader.ReadAsync().ConfigureAwait(false))
        {
            grainState.State = CreateState<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        var state = reader.IsDBNull(0) ? default : _serializer.Deserialize<T>(BinaryData.FromString(reader.GetString(0)));
        grainState.State = state ?? CreateState<T>();
        grainState.ETag = reader.GetInt32(1).ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var row = GrainStateRow.Of(stateName, grainId);
        var payload = _serializer.Serialize(grainState.State).ToString();
        var change = _writer.Enqueue(row, ChangeKind.Write, ParseETag(grainState.ETag), payload);
        var version = await change.Outcome.ConfigureAwait(false)
            ?? throw Conflict("WriteState", row, grainState.ETag);
        grainState.ETag = version.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    /// <summary>Deletes the row, as the ADO.NET provider does with <c>DeleteStateOnClear</c>.</summary>
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (!grainState.RecordExists)
        {
            await ReadStateAsync(stateName, grainId, grainState).ConfigureAwait(false);
            if (!grainState.RecordExists)
            {
                return;
            }
        }

        var row = GrainStateRow.Of(stateName, grainId);
        var change = _writer.Enqueue(row, ChangeKind.Delete, ParseETag(grainState.ETag), payload: null);
        _ = await change.Outcome.ConfigureAwait(false)
            ?? throw Conflict("ClearState", row, grainState.ETag);
        // No row, no version: the next write inserts afresh, as after the ADO.NET provider's delete.
        grainState.ETag = null;
        grainState.RecordExists = false;
        grainState.State = CreateState<T>();
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        // Stopping in this stage runs after grains have been deactivated (and written their state),
        // so the last batches are committed before the silo lets go of the database.
        lifecycle.Subscribe($"{nameof(GroupCommitGrainStorage)}-{_name}", ServiceLifecycleStage.ApplicationServices, _ => Task.CompletedTask, async _ => await DisposeAsync());

    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    private static int? ParseETag(string? etag) =>
        string.IsNullOrWhiteSpace(etag) ? null : int.Parse(etag, NumberStyles.None, CultureInfo.InvariantCulture);

    private InconsistentStateException Conflict(string operation, GrainStateRow row, string? etag) =>
        new($"Version conflict ({operation}): ServiceId={_serviceId} ProviderName={_name} StateName={row.StateName} GrainKey={row.GrainKey} N0={row.KeyN0} N1={row.KeyN1} ETag={etag}.");

    private T CreateState<T>() => _activators.GetActivator<T>().Create();
}
