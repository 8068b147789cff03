using Npgsql;

namespace LoyaltyGrid.Journal.Writing;

/// <summary>A gathered batch turned into the column arrays of the writer's two statements.</summary>
internal sealed class BatchRows
{
    private readonly List<PendingWrite> _batch;
    private readonly string[] _stream;
    private readonly long[] _seq;
    private readonly string[] _eventId;
    private readonly string[] _type;
    private readonly DateTimeOffset[] _occurredAt;
    private readonly DateTimeOffset[] _acceptedAt;
    private readonly string[] _payload;

    public BatchRows(List<PendingWrite> batch)
    {
        _batch = batch;
        EntryCount = batch.Where(w => w.Kind == WriteKind.Append).Sum(w => w.Entries.Count);
        _stream = new string[EntryCount];
        _seq = new long[EntryCount];
        _eventId = new string[EntryCount];
        _type = new string[EntryCount];
        _occurredAt = new DateTimeOffset[EntryCount];
        _acceptedAt = new DateTimeOffset[EntryCount];
        _payload = new string[EntryCount];
        var row = 0;
        foreach (var write in batch.Where(w => w.Kind == WriteKind.Append))
        {
            foreach (var entry in write.Entries)
            {
                _stream[row] = entry.Stream;
                _seq[row] = entry.Sequence;
                _eventId[row] = entry.EventId;
                _type[row] = entry.Type;
                _occurredAt[row] = JournalRows.Utc(entry.OccurredAt);
                _acceptedAt[row] = JournalRows.Utc(entry.AcceptedAt);
                _payload[row] = entry.Payload;
                row++;
            }
        }
    }

    public int EntryCount { get; }

    public void AddEntryParameters(NpgsqlParameterCollection parameters)
    {
        parameters.AddTextArray("stream", _stream);
        parameters.AddBigintArray("seq", _seq);
        parameters.AddTextArray("event_id", _eventId);
        parameters.AddTextArray("type", _type);
        parameters.AddTimestampArray("occurred_at", _occurredAt);
        parameters.AddTimestampArray("accepted_at", _acceptedAt);
        parameters.AddTextArray("payload", _payload);
    }

    /// <summary>Appends that did not get every one of their rows in: a sequence or event id of theirs was taken.</summary>
    public HashSet<string> Refused(Dictionary<string, List<long>> inserted)
    {
        var refused = new HashSet<string>(StringComparer.Ordinal);
        foreach (var write in _batch.Where(w => w.Kind == WriteKind.Append))
        {
            var count = inserted.TryGetValue(write.Stream, out var sequences) ? sequences.Count : 0;
            if (count != write.Entries.Count)
            {
                refused.Add(write.Stream);
            }
        }

        return refused;
    }

    public void AddFinishParameters(NpgsqlParameterCollection parameters, HashSet<string> refused, Dictionary<string, List<long>> inserted)
    {
        var refusedRows = refused.SelectMany(stream => inserted.TryGetValue(stream, out var sequences) ? sequences.Select(seq => (stream, seq)) : []).ToList();
        parameters.AddTextArray("refused_stream", refusedRows.Select(r => r.stream).ToArray());
        parameters.AddBigintArray("refused_seq", refusedRows.Select(r => r.seq).ToArray());

        // A refused append changes nothing, its due moment included; SetDue is never refused.
        var dueWrites = _batch.Where(w => w.Kind == WriteKind.SetDue || (w.Kind == WriteKind.Append && w.WritesDue && !refused.Contains(w.Stream))).ToList();
        var due = dueWrites.Where(w => w.DueAt.HasValue).ToList();
        parameters.AddTextArray("due_stream", due.Select(w => w.Stream).ToArray());
        parameters.AddTimestampArray("due_at", due.Select(w => JournalRows.Utc(w.DueAt!.Value)).ToArray());
        parameters.AddTextArray("undue_stream", dueWrites.Where(w => !w.DueAt.HasValue).Select(w => w.Stream).ToArray());

        var snapshots = _batch.Where(w => w.Snapshot is not null).Select(w => w.Snapshot!).ToList();
        parameters.AddTextArray("snapshot_stream", snapshots.Select(s => s.Stream).ToArray());
        parameters.AddBigintArray("snapshot_seq", snapshots.Select(s => s.Sequence).ToArray());
        parameters.AddTextArray("snapshot_payload", snapshots.Select(s => s.Payload).ToArray());
    }
}
